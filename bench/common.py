"""Shared set-up for the benchmarks: a throw-away database (SQLite file or a PostgreSQL test
database, from DATABASE_URL) migrated from scratch, destroyed afterwards."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Production-like settings (DEBUG off: no query logging), served to the test client.
for name, value in {
    "DEBUG": "false",
    "SECRET_KEY": "benchmark-only-secret-key-0123456789abcdefghij",
    "SECURE_SSL_REDIRECT": "false",
    "STATIC_MANIFEST": "false",
    "ALLOWED_HOSTS": "testserver,localhost",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
}.items():
    os.environ.setdefault(name, value)
os.environ.setdefault("IMPORT_PROGRESS_CONNECTION", "false")


@contextlib.contextmanager
def scratch_database():
    import django

    django.setup()
    from django.db import connection

    if connection.vendor == "sqlite":
        # A file in WAL mode, as the service runs, not an in-memory database.
        connection.settings_dict["TEST"]["NAME"] = str(ROOT / "var" / "bench.sqlite3")
    # BENCH_KEEPDB=1 keeps the database for the next run (while working on one benchmark).
    keep = os.environ.get("BENCH_KEEPDB") == "1"
    name = connection.creation.create_test_db(verbosity=0, keepdb=keep, serialize=False)
    try:
        yield connection.vendor, name
    finally:
        if not keep:
            connection.creation.destroy_test_db(name, verbosity=0)


@contextlib.contextmanager
def timed(label: str, results: dict):
    start = time.perf_counter()
    yield
    results[label] = time.perf_counter() - start


def report(title: str, rows: list[tuple[str, str, str]]) -> None:
    print(f"\n{title}")
    width = max(len(r[0]) for r in rows)
    for name, value, target in rows:
        print(f"  {name:<{width}}  {value:>14}  {target}")


def machine_check() -> float:
    """A fixed piece of pure Python, in ms (best of three): the machine's speed at the time,
    printed beside the figures. A shared machine's speed drifts by half or more over an
    afternoon, so runs made hours apart compare only through it (or by alternating runs)."""

    def once() -> float:
        start = time.perf_counter()
        sorted(str(i) for i in range(1_000_000))
        return time.perf_counter() - start

    return min(once() for _ in range(3)) * 1000
