"""Runs never stay "running" for ever: a worker killed mid-import is noticed and its run is
queued again (imports are safe to run twice) or, after the last attempt, failed."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from core.runs import MAX_ATTEMPTS, STALE_AFTER, worker_alive
from imports.models import ImportRun
from imports.services import import_runs_sweep

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "ssda903" / "2025-26"
HOST = socket.gethostname()


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_a_worker_is_alive_while_its_process_is_or_while_another_machine_shows_life():
    now = timezone.now()
    assert worker_alive(f"{HOST}:{os.getpid()}", None, now)
    assert not worker_alive(f"{HOST}:{_dead_pid()}", now, now)
    assert worker_alive("other-host:12", now - STALE_AFTER / 2, now)
    assert not worker_alive("other-host:12", now - STALE_AFTER * 2, now)


@pytest.mark.django_db
def test_a_run_whose_worker_died_is_run_again_then_failed_after_the_last_attempt(world):
    officer = world.users["data_officer"]
    run = ImportRun.objects.create(
        kind="gias", created_by=officer, status="running", worker=f"{HOST}:{_dead_pid()}",
        attempts=1,
    )  # fmt: skip
    run.files.create(
        name="gias.csv", content=(ROOT / "samples/gias/example_schools_data.csv").read_bytes()
    )
    assert import_runs_sweep() == 1  # queued again; the test task backend runs it at once
    run.refresh_from_db()
    assert run.status == "succeeded" and run.attempts == 2
    last = ImportRun.objects.create(
        kind="gias", created_by=officer, status="running", worker=f"{HOST}:{_dead_pid()}",
        attempts=MAX_ATTEMPTS,
    )  # fmt: skip
    import_runs_sweep()
    last.refresh_from_db()
    assert last.status == "failed"
    assert "stopped before it finished, 2 times" in last.result["problems"][0]["message"]


# --- a real worker process, killed --------------------------------------------------------------


SETUP = """
from pathlib import Path
from accounts.models import User
from authorities.models import LocalAuthority
from imports.models import ImportRun
la, _ = LocalAuthority.objects.get_or_create(code="990", defaults={"name": "Kill test"})
user, _ = User.objects.get_or_create(email="killer@example.org")
run = ImportRun.objects.create(kind="ssda903", la=la, created_by=user)
for path in sorted(Path(%r).glob("*.csv")):
    run.files.create(name=path.name, content=path.read_bytes())
print(run.pk)
"""


def _big_return(folder: Path, copies: int = 5) -> Path:
    """The sample return's header and episodes, five times over with new child ids."""
    folder.mkdir()
    for name in ("header.csv", "episodes.csv"):
        header, *rows = (SAMPLE / name).read_text().splitlines()
        body = [f"{n}{row}" for n in range(1, copies + 1) for row in rows]
        (folder / name).write_text("\n".join([header, *body]) + "\n")
    return folder


def _manage(url: str, *args: str, wait: bool = True):
    env = {**os.environ, "DATABASE_URL": url, "TASK_BACKEND": "django_tasks_db.DatabaseBackend"}
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    if not wait:
        return subprocess.Popen(command, env=env, cwd=ROOT)
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def _database(tmp_path: Path):
    """A database the worker process can reach: a fresh SQLite file, or this test's PostgreSQL
    database (the test commits, so the worker sees what it writes)."""
    if connection.vendor == "sqlite":
        url = f"sqlite:///{tmp_path / 'worker.sqlite3'}"
        # A copy of this test's migrated database, which migrating a new file would take
        # half a minute to make.
        connection.ensure_connection()
        with sqlite3.connect(tmp_path / "worker.sqlite3") as copy:
            connection.connection.backup(copy)
        return (
            url,
            lambda sql, args: (
                sqlite3.connect(tmp_path / "worker.sqlite3").execute(sql, args).fetchone()
            ),
        )
    s = connection.settings_dict

    def query(sql, args):
        with connection.cursor() as cursor:
            cursor.execute(sql.replace("?", "%s"), args)
            return cursor.fetchone()

    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}", query


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_import_leaves_a_run_queued_again_never_running(tmp_path):
    url, query = _database(tmp_path)
    run_id = int(_manage(url, "shell", "-c", SETUP % str(_big_return(tmp_path / "return"))))
    worker = _manage(
        url, "shell", "-c",
        f"from imports.services import import_run_execute; import_run_execute(run_id={run_id})",
        wait=False,
    )  # fmt: skip
    status_sql = "SELECT status, attempts FROM imports_importrun WHERE id = ?"
    deadline = time.monotonic() + 60
    while query(status_sql, [run_id])[0] != "running":
        assert worker.poll() is None and time.monotonic() < deadline, "the worker never started"
        time.sleep(0.05)
    time.sleep(0.5)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()
    assert query(status_sql, [run_id]) == ("running", 1)  # what a dead worker leaves behind
    assert _manage(url, "sweep_runs").startswith("1 import runs")
    assert query(status_sql, [run_id]) == ("queued", 1)
    waiting = query(
        "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = ?", ["READY"]
    )
    assert waiting == (1,)  # a new task for a worker to pick up
    children = query("SELECT count(*) FROM children_child", [])
    assert children == (0,)  # the killed import wrote nothing
