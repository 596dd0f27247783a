"""gunicorn's settings for serving the service: `gunicorn -c config/gunicorn.conf.py config.wsgi`
(README, "Deploying"; the benchmarks and the load test serve with the same file)."""

import gc


def post_worker_init(worker) -> None:
    """Once a worker has loaded Django, move what it loaded (about 200,000 objects that live as
    long as the process: models, URL patterns, modules) out of the garbage collector's sight, as
    CPython's documentation advises for servers that fork workers (gc.freeze). A full collection
    otherwise walks all of them each time a request allocates enough: in a profile of the
    dashboard at 25,400 children, one or two full collections of 100 to 150 ms a request, against
    about 20 ms each once frozen. Objects a request makes are collected as before."""
    gc.freeze()
