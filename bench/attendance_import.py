"""The attendance import beside PostgreSQL's own COPY of the same rows (issue 13), with where
its time goes, statement by statement.

1. One school day for 100,000 children (200,000 marks).
2. A school year for 2,500 children (950,000 marks).

Target: each within 10 times a plain COPY of the same CSV into a bare table, on the same
machine in the same run. Beside it, for scale, the database's own cost of storing the same
marks: COPY into a table like the marks' (primary key, indexes, foreign keys checked at the
commit), which the import cannot go below. Every SQL statement the import sends is timed
through Django's execute wrapper, and the commit (where PostgreSQL checks the deferred foreign
keys of every row written); what they do not see (reading and checking the CSV in Python, the
COPY into the staging table) is the remainder.
Run: DATABASE_URL=postgres://... python attendance_import.py [children for the day]."""

import re
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

from attendance_scale import D, copy_floor, copy_floor_marks, la_and_files
from common import report, scratch_database
from import_large import measured

from core.actors import SYSTEM

DAY = (D(2026, 9, 7), D(2026, 9, 7))  # the dates of la_and_files' two files
YEAR = (D(2024, 9, 2), D(2025, 8, 31))


@contextmanager
def statements(into: dict):
    """Time every statement sent through Django, grouped by its shape, and the commit."""
    from django.db import connection

    def wrapper(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            entry = into[_shape(sql)]
            entry[0] += time.perf_counter() - start
            entry[1] += 1

    commit = connection.commit

    def timed_commit():  # the deferred foreign-key checks of every row written run here
        start = time.perf_counter()
        try:
            return commit()
        finally:
            entry = into["COMMIT (deferred foreign-key checks)"]
            entry[0] += time.perf_counter() - start
            entry[1] += 1

    with connection.execute_wrapper(wrapper), mock.patch.object(connection, "commit", timed_commit):
        yield


def _shape(sql: str) -> str:
    """The statement's kind and first table: 'INSERT INTO attendance_attendanceweek'."""
    sql = re.sub(r"\s+", " ", sql).strip()
    words = re.match(r"(\w+(?: INTO| FROM| TABLE(?: IF EXISTS)?)?) \"?([\w.]+)?", sql)
    shape = " ".join(w for w in words.groups() if w) if words else sql[:40]
    if shape.startswith("SELECT"):
        found = re.search(r"(?<!DISTINCT) FROM \"?(\w+)\"?(?![.\w])", sql)
        shape = "SELECT ... FROM " + (found.group(1) if found else "?")  # noqa: S608 - a label
    return shape


def timed_import(path: Path, la, label: str, results: dict, lines: list) -> None:
    from attendance.importers.marks import attendance_import

    spent: dict = defaultdict(lambda: [0.0, 0])
    start = time.perf_counter()
    with statements(spent), measured(label, results):
        assert attendance_import(path=path, la=la, actor=SYSTEM).ok
    results[label] = total = time.perf_counter() - start
    peak, cpu = results[f"{label} peak"], results[f"{label} cpu"]
    lines.append(("    peak memory of this process (CPU)", f"{peak:.0f} MiB", f"{cpu:.2f} s"))
    in_sql = sum(t for t, _ in spent.values())
    for shape, (seconds, count) in sorted(spent.items(), key=lambda kv: -kv[1][0])[:8]:
        lines.append((f"    {shape} (x{count})", f"{seconds:.2f} s", f"{seconds / total:.0%}"))
    lines.append(("    outside SQL statements (CSV, checks, COPY to stage)",
                  f"{total - in_sql:.2f} s", f"{(total - in_sql) / total:.0%}"))  # fmt: skip


def main(n: int) -> None:
    results: dict[str, float] = {}
    day_lines: list = []
    year_lines: list = []
    with tempfile.TemporaryDirectory() as folder, scratch_database() as (vendor, _):
        la, _, day_csv, day_rows, year_csv, year_rows = la_and_files(n, Path(folder))
        timed_import(day_csv, la, "day", results, day_lines)
        results["day floor"] = copy_floor(day_csv)
        results["day table"] = copy_floor_marks(*DAY)
        timed_import(year_csv, la, "year", results, year_lines)
        results["year floor"] = copy_floor(year_csv)
        results["year table"] = copy_floor_marks(*YEAR)

    def row(label, key, rows, lines):
        ratio = results[key] / results[f"{key} floor"]
        return [
            (f"{label} ({rows:,} marks)", f"{results[key]:.2f} s",
             f"{ratio:.1f}x COPY; target < 10x: ratio {ratio / 10:.2f}"),
            ("  COPY of the same CSV into a bare table", f"{results[f'{key} floor']:.2f} s", ""),
            ("  COPY of the marks into a table like theirs (keys checked)",
             f"{results[f'{key} table']:.2f} s",
             f"import {results[key] / results[f'{key} table']:.1f}x this"),
            *lines,
        ]  # fmt: skip

    report(
        f"Attendance import beside COPY on {vendor}",
        row(f"one day, {n:,} children", "day", day_rows, day_lines)
        + row("a school year, 2,500 children", "year", year_rows, year_lines),
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
