"""The gunicorn settings file the README serves with (and the benchmarks measure)."""

import gc
import runpy
import subprocess
import sys
from pathlib import Path

CONF = Path(__file__).resolve().parents[1] / "gunicorn.conf.py"


def test_gunicorn_accepts_the_settings_file():
    done = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--check-config", "-c", str(CONF), "config.wsgi"],
        cwd=CONF.parents[1],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_a_worker_freezes_what_it_loaded():
    hook = runpy.run_path(str(CONF))["post_worker_init"]
    before = gc.get_freeze_count()
    try:
        hook(worker=None)
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()
