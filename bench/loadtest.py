"""A bounded load test on loopback (issue 13): 50 signed-in users for two minutes on
PostgreSQL, gunicorn serving (DEBUG off, 2 x cores + 1 workers), each user opening the pages of
their role's day with 5 to 15 seconds between pages, as a person reading them would
(`LOADTEST_WAIT=1,3` for a harsher test that finds the server's capacity). Prints requests
per second, p50/p95/p99 and errors, from locust's own figures.

The LA is the demo's, about 2,500 children on the roll; `LOADTEST_MULTIPLE=10` copies it inside
the database to ten times that (about 25,000, as pages.py does) before the run, or
`LOADTEST_LAS=10` makes the deployment ten LAs like it (as pages.py --las does), the users
spread over them, each LA's people reading its own pages. Targets: no errors, p95 under 1 s.
Run: DATABASE_URL=postgres://... python loadtest.py [users, default 50] [seconds, default 120]."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, report, scratch_database

PAGES = {
    "virtual-school-head": ["/", "/children/", "/reports/dashboard/", "/peps/", "/attendance/",
                            "/attendance/alerts/", "/funding/"],
    "team-manager": ["/", "/children/", "/peps/", "/enrichment/post-16/",
                     "/post-16/pupil-premium-plus/"],
    "education-support-advisor": ["/", "/children/", "/attendance/alerts/",
                                  "/enrichment/post-16/"],
    "social-worker": ["/", "/children/"],
    "designated-teacher": ["/", "/children/"],
    "board-member": ["/", "/reports/"],
}  # fmt: skip


def main(users: int, seconds: int) -> None:
    with scratch_database() as (vendor, name):
        from django.conf import settings
        from pages import TODAY, _add_las, _grow, _settle, demo_la, gunicorn, session_for

        from children.models import Child

        multiple = int(os.environ.get("LOADTEST_MULTIPLE", "1"))
        las = int(os.environ.get("LOADTEST_LAS", "1"))
        if las > 1 and multiple > 1:
            raise SystemExit("LOADTEST_LAS or LOADTEST_MULTIPLE, not both")
        la, copies = demo_la(las > 1)
        if las > 1:
            _add_las(copies, las - 1)
        else:
            _grow(la, copies, multiple - 1)
        _settle(la)
        on_roll = Child.objects.on_roll(TODAY).count()
        # A server's day starts with the daily job (refresh_kept_state) having rebuilt what the
        # pages keep and worked out the figures they open with; without it, every page waits on
        # the first reader's rebuild of the LA.
        from django.core.management import call_command

        start = time.perf_counter()
        call_command("refresh_kept_state", stdout=io.StringIO())
        rebuilt = time.perf_counter() - start
        # A copy's people have the first LA's addresses with the copy's number (bench/clone.py).
        sessions = [
            [settings.SESSION_COOKIE_NAME,
             session_for(f"{role}.{la.code}@demo.invalid" + (f"-{n % las}" if n % las else "")),
             role, pages]
            for role, pages in PAGES.items() for n in range(max(1, users // len(PAGES)))
        ]  # fmt: skip
        workers = 2 * (os.cpu_count() or 1) + 1
        with gunicorn(vendor, name, workers=workers) as base, tempfile.TemporaryDirectory() as d:
            rows = _locust(base, users, seconds, sessions, Path(d))
        wait = os.environ.get("LOADTEST_WAIT", "5,15").replace(",", " to ")
        rows.insert(0, ("database, gunicorn workers", f"{vendor}, {workers}", f"{wait} s a page"))
        size = f"{las} LAs like the demo's" if las > 1 else f"x{multiple} the demo"
        rows.insert(1, ("children on the roll", f"{on_roll:,}", size))
        rows.insert(2, ("kept state rebuilt first", f"{rebuilt:.1f} s", "refresh_kept_state"))
        report(f"Load test: {users} users for {seconds} s", rows)


def _locust(base: str, users: int, seconds: int, sessions, folder: Path) -> list:
    env = dict(os.environ, LOADTEST_SESSIONS=json.dumps(sessions))
    locustfile = str(Path(__file__).parent / "locustfile.py")
    command = [sys.executable, "-m", "locust", "-f", locustfile, "--headless", "--host", base,
               "--users", str(users), "--spawn-rate", "10", "--run-time", f"{seconds}s",
               "--csv", str(folder / "run"), "--only-summary"]  # fmt: skip
    start = time.perf_counter()
    subprocess.run(command, env=env, cwd=ROOT, check=False, capture_output=True)
    took = time.perf_counter() - start
    with (folder / "run_stats.csv").open() as fh:
        stats = list(csv.DictReader(fh))
    total = next(r for r in stats if r["Name"] == "Aggregated")
    pages = sorted((r for r in stats if r["Name"] != "Aggregated"), key=lambda r: -float(r["95%"]))
    n, failed = int(total["Request Count"]), int(total["Failure Count"])
    p95 = float(total["95%"])
    return [
        ("requests", f"{n:,}", f"in {took:.0f} s"),
        ("requests per second", f"{float(total['Requests/s']):.1f}", ""),
        ("p50 / p95 / p99", f"{total['50%']} / {total['95%']} / {total['99%']} ms",
         f"target p95 < 1000 ms: ratio {p95 / 1000:.2f}"),
        ("errors", f"{failed}", "target 0"),
        *((f"  {r['Name']}", f"{r['50%']} / {r['95%']} ms", f"{r['Request Count']} requests")
          for r in pages),
    ]  # fmt: skip


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    main(*(args + [50, 120][len(args) :]))
