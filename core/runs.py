"""Background runs (imports, reports) that never stay "running" for ever.

A run records the worker that took it (host and process id), how many times it was started and
when it last showed life. A sweep, made whenever someone looks at the runs and by
`manage.py sweep_runs`, notices a run whose worker is gone: a process on this machine that no
longer exists, or, for a worker on another machine, no sign of life for STALE_AFTER. Imports and
reports are safe to run twice (all-or-nothing, idempotent), so such a run is queued again, up to
MAX_ATTEMPTS starts in all, then marked failed with a plain message.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
from collections.abc import Callable

from django.db.models import F
from django.utils import timezone

logger = logging.getLogger(__name__)
STALE_AFTER = datetime.timedelta(hours=1)
MAX_ATTEMPTS = 2
RUNNING, QUEUED, FAILED = "running", "queued", "failed"


def this_worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def run_claim(model, pk: int, **fields) -> None:
    """Mark the run started by this process (one more attempt)."""
    model.objects.filter(pk=pk).update(
        status=RUNNING,
        worker=this_worker(),
        attempts=F("attempts") + 1,
        heartbeat_at=timezone.now(),
        **fields,
    )


def worker_alive(worker: str, last_seen, now: datetime.datetime) -> bool:
    host, _, pid = worker.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        return _process_exists(int(pid))
    return last_seen is not None and now - last_seen < STALE_AFTER


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def runs_sweep(model, *, requeue: Callable[[int], object], fail: Callable[[int, str], None]) -> int:
    """Requeue or fail every run of `model` whose worker is gone; returns how many."""
    now = timezone.now()
    swept = 0
    for run in model.objects.filter(status=RUNNING).only(
        "pk", "worker", "attempts", "heartbeat_at"
    ):
        if worker_alive(run.worker, run.heartbeat_at, now):
            continue
        swept += 1
        if run.attempts < MAX_ATTEMPTS:
            logger.warning(
                "Run %s of %s: its worker %s is gone; queued again",
                run.pk,
                model.__name__,
                run.worker,
            )
            model.objects.filter(pk=run.pk, status=RUNNING).update(
                status=QUEUED, stage="Queued again: the worker stopped"
            )
            requeue(run.pk)
        else:
            fail(
                run.pk,
                f"The worker running this stopped before it finished, {run.attempts} times. "
                "Nothing was saved. Start it again, and tell the service's support team if it "
                "happens again.",
            )
    return swept
