"""A day of marks imported into an LA whose pages have read it (issue 13): the kept state is
current, so the import also brings each marked child's kept rows up to date (attendance alerts,
the attendance cohort's lines, last year's lines) in its own transaction, as on a server after
its daily job. attendance_import.py measures the import into an LA no page has read yet.

The LA is pages.py's: the demo's, copied to ten times its size (25,400 on the roll). Every
child on the roll gets a morning and an afternoon mark for the last school day before today;
the time is printed with where it goes, statement by statement, and the kept refresh apart.
Run: DATABASE_URL=postgres://... python attendance_kept.py [multiple, default 10]."""

from __future__ import annotations

import sys
import tempfile
import time
from collections import defaultdict
from datetime import timedelta
from pathlib import Path
from unittest import mock

from attendance_import import statements
from attendance_scale import write_csv
from common import report, scratch_database
from pages import _grow, _settle, demo_la


def main(multiple: int) -> None:
    with tempfile.TemporaryDirectory() as folder, scratch_database() as (vendor, _):
        start = time.perf_counter()
        la, copies = demo_la()
        _grow(la, copies, multiple - 1)
        _settle(la)
        rows = [("LA ready", f"{time.perf_counter() - start:.0f} s", "")]
        rows += _measured(la, Path(folder))
    report(f"A day of marks with the kept state current, on {vendor}", rows)


def _measured(la, folder: Path) -> list[tuple[str, str, str]]:
    from django.utils import timezone

    from attendance.importers.marks import attendance_import
    from children.models import Child
    from core import kept
    from core.actors import SYSTEM

    today = timezone.localdate()
    start = time.perf_counter()
    kept.kept_rebuild(today)
    rebuilt = time.perf_counter() - start
    ids = Child.objects.filter(la=la).on_roll(today).values_list("la_child_id", flat=True)
    day = _last_school_day(today)
    marks = write_csv(folder / "day.csv", sorted(ids), [day])
    spent: dict = defaultdict(lambda: [0.0, 0])
    refresh = [0.0]
    with statements(spent), mock.patch.object(kept, "_refresh", _timed(kept._refresh, refresh)):
        start = time.perf_counter()
        assert attendance_import(path=folder / "day.csv", la=la, actor=SYSTEM).ok
        total = time.perf_counter() - start
    lines = [
        ("kept state rebuilt first", f"{rebuilt:.1f} s", "kept_rebuild"),
        (f"import of {day} ({marks:,} marks)", f"{total:.2f} s", ""),
        ("  of which the kept refresh", f"{refresh[0]:.2f} s", f"{refresh[0] / total:.0%}"),
    ]
    for shape, (seconds, count) in sorted(spent.items(), key=lambda kv: -kv[1][0])[:8]:
        lines.append((f"    {shape} (x{count})", f"{seconds:.2f} s", f"{seconds / total:.0%}"))
    return lines


def _timed(fn, into: list):
    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            into[0] += time.perf_counter() - start

    return timed


def _last_school_day(today):
    day = today - timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
