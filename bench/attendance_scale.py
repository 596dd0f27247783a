"""Attendance at national scale on PostgreSQL (issue 4), each figure beside its floor.

1. One school day of marks for N children (2N marks) imported from CSV: target < 10 s for
   100,000 children. Floor: a plain COPY of the same rows into a bare table.
2. A school year for 2,500 children (950,000 marks) imported from CSV: target < 30 s. Floor: COPY.
3. The measures for N children over a school year of the LA's (typical) calendar (about 380 N
   marks; 38 million for 100,000): target < 2 s; one child's year page: target < 50 ms. Floor:
   one hand-written SQL aggregate over a bare table holding the same marks.

The year of marks in (3) is written with SQL straight into the tables, a day at a time as
schools send them (with the weekly and term tallies), since (2) already times the import path.
Run: DATABASE_URL=postgres://... python attendance_scale.py [N]."""

import csv
import datetime
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import report, scratch_database, timed

from core.actors import SYSTEM

D = datetime.date
ONE = datetime.timedelta(days=1)


def weekdays(start: D, n: int) -> list[D]:
    days, day = [], start
    while len(days) < n:
        if day.weekday() < 5:
            days.append(day)
        day += ONE
    return days


def write_csv(path: Path, ids: list[str], days: list[D]) -> int:
    codes = ["/"] * 90 + ["I"] * 4 + ["N"] * 3 + ["L", "B", "O"]
    rows = 0
    with path.open("w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["child_id", "date", "session", "code"])
        for i, day in enumerate(days):
            for j, child in enumerate(ids):
                for s, session in enumerate(("AM", "PM")):
                    code = codes[(i * 7 + j * 13 + s) % len(codes)]
                    out.writerow(
                        [child, day.isoformat(), session, "\\" if code == "/" and s else code]
                    )
                    rows += 1
    return rows


def copy_floor(path: Path, repeats: int = 3) -> float:
    """The best of `repeats` COPYs of the CSV into a new bare table: one alone varied from
    0.07 to 0.14 s for the same day's file, which halved or doubled the import's ratio."""
    return min(_copy_once(path) for _ in range(repeats))


def _copy_once(path: Path) -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE floor_copy (child_id text, date date, session text, code text)"
        )
        start = time.perf_counter()
        with (
            cursor.cursor.copy("COPY floor_copy FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
            path.open("rb") as fh,
        ):
            while chunk := fh.read(1 << 20):
                copy.write(chunk)
        elapsed = time.perf_counter() - start
        cursor.execute("DROP TABLE floor_copy")
    return elapsed


def copy_floor_marks(first: D, last: D) -> float:
    """PostgreSQL's COPY of the marks the import stored between two dates into a table like
    the marks' own (its primary key, indexes and foreign keys, checked at the commit): what
    storing the same rows costs the database itself, beside the bare table's floor."""
    from django.db import connection, transaction

    table = "attendance_sessionmark"
    with connection.cursor() as cursor:
        rows = bytearray()
        query = f"COPY (SELECT * FROM {table} WHERE date BETWEEN %s AND %s) TO STDOUT"
        with cursor.cursor.copy(query, [first, last]) as copy:
            for chunk in copy:
                rows += chunk
        cursor.execute(f"CREATE TABLE floor_marks (LIKE {table} INCLUDING ALL)")
        cursor.execute("SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                       "WHERE conrelid = %s::regclass AND contype = 'f'", [table])  # fmt: skip
        for (definition,) in cursor.fetchall():
            cursor.execute(f"ALTER TABLE floor_marks ADD {definition}")
    start = time.perf_counter()
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        cursor.cursor.copy("COPY floor_marks FROM STDIN") as copy,
    ):
        copy.write(bytes(rows))
    elapsed = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE floor_marks")
    return elapsed


def children(n: int):
    from authorities.models import LocalAuthority
    from children.models import Child

    la = LocalAuthority.objects.create(code="330", name="Birmingham")
    Child.objects.bulk_create(
        (
            Child(la=la, la_child_id=f"C{i:06d}", date_of_birth=D(2012, 1, 1), sex="1")
            for i in range(n)
        ),
        batch_size=10000,
    )
    return la


def la_and_files(n: int, folder: Path):
    """The LA of n children with a typical calendar, and the CSVs both benchmarks import: one
    school day for every child, a school year for 2,500 of them."""
    from authorities.terms import calendar_set_typical
    from children.models import Child

    la = children(n)
    calendar_set_typical(la=la, years=[2024, 2025, 2026])
    ids = list(Child.objects.order_by("pk").values_list("la_child_id", flat=True))
    day_csv, year_csv = folder / "day.csv", folder / "year.csv"
    day_rows = write_csv(day_csv, ids, [D(2026, 9, 7)])
    year_rows = write_csv(year_csv, ids[:2500], weekdays(D(2024, 9, 2), 190))
    return la, ids, day_csv, day_rows, year_csv, year_rows


DAY_SQL = """
INSERT INTO attendance_sessionmark (child_id, date, session, code, category, school_id)
SELECT c.id, %(day)s, s.session, v.code, v.category, NULL
FROM children_child c
CROSS JOIN (VALUES ('AM', 0), ('PM', 1)) AS s(session, n)
CROSS JOIN LATERAL (
  SELECT CASE WHEN r < 90 THEN '/' WHEN r < 94 THEN 'I' WHEN r < 97 THEN 'N' WHEN r < 98 THEN 'L'
              WHEN r < 99 THEN 'B' ELSE '#' END AS code,
         CASE WHEN r < 90 THEN 1 WHEN r < 94 THEN 3 WHEN r < 97 THEN 4 WHEN r < 98 THEN 1
              WHEN r < 99 THEN 2 ELSE 5 END AS category
  FROM (SELECT (c.id * 7919 + %(doy)s * 104729 + s.n * 31) %% 100 AS r) x
) v
"""
COUNTS = """
  count(*) FILTER (WHERE category = 1), count(*) FILTER (WHERE category = 2),
  count(*) FILTER (WHERE category = 3), count(*) FILTER (WHERE category = 4),
  count(*) FILTER (WHERE category = 5), count(*) FILTER (WHERE category = 6)
"""
TALLY_COLUMNS = "present, approved, authorised, unauthorised, not_possible, no_mark"
WEEKS_SQL = f"""
INSERT INTO attendance_attendanceweek (child_id, week_start, {TALLY_COLUMNS})
SELECT child_id, date_trunc('week', date)::date, {COUNTS}
FROM attendance_sessionmark WHERE date BETWEEN %s AND %s GROUP BY 1, 2
"""
PERIOD_SQL = f"""
INSERT INTO attendance_attendanceperiod (child_id, starts_on, ends_on, {TALLY_COLUMNS})
SELECT child_id, %s, %s, {COUNTS}
FROM attendance_sessionmark WHERE date BETWEEN %s AND %s GROUP BY 1
"""
FLOOR_SQL = """
SELECT child_id, count(*) FILTER (WHERE category IN (1, 2)), count(*) FILTER (WHERE category = 3),
  count(*) FILTER (WHERE category = 4), count(*) FILTER (WHERE category = 5)
FROM bare_marks WHERE date BETWEEN %s AND %s GROUP BY child_id
"""


def best_of(fn, n=3) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(n: int) -> None:
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder, scratch_database() as (vendor, _):
        from django.db import connection

        from attendance.child_page import child_attendance
        from attendance.importers.marks import attendance_import
        from attendance.measures import measures
        from attendance.periods import Periods
        from authorities.calendar import school_days
        from children.models import Child

        la, ids, day_csv, day_rows, year_csv, year_rows = la_and_files(n, Path(folder))
        with timed("day", results):
            assert attendance_import(path=day_csv, la=la, actor=SYSTEM).ok
        with timed("day again", results):
            again = attendance_import(path=day_csv, la=la, actor=SYSTEM)
        assert again.changed == 0
        results["day floor"] = copy_floor(day_csv)
        with timed("year", results):
            assert attendance_import(path=year_csv, la=la, actor=SYSTEM).ok
        results["year floor"] = copy_floor(year_csv)

        # A school year of the LA's calendar, marked day by day as schools send them.
        days = school_days(la, D(2025, 9, 1), D(2026, 8, 31))
        with connection.cursor() as cursor, timed("load", results):
            for day in days:
                cursor.execute(DAY_SQL, {"day": day, "doy": day.timetuple().tm_yday})
            cursor.execute(WEEKS_SQL, [days[0], days[-1]])
            for first, last in Periods.for_la(la).spans(days[0], days[-1]):
                cursor.execute(PERIOD_SQL, [first, last, first, last])
            cursor.execute(
                "CREATE TABLE bare_marks AS SELECT child_id, date, session, category "
                "FROM attendance_sessionmark WHERE date BETWEEN %s AND %s",
                [days[0], days[-1]],
            )
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("SELECT count(*) FROM bare_marks")
            year_marks = cursor.fetchone()[0]
        everyone = Child.objects.filter(la=la)
        tallies = {}
        results["measures"] = best_of(lambda: tallies.update(measures(everyone, days[0], days[-1])))
        assert len(tallies) == n
        spring = la.terms.get(academic_year=2025, name="spring").starts_on
        mid = days[len(days) * 2 // 3]
        results["term to date"] = best_of(lambda: measures(everyone, spring, mid))

        def floor():
            with connection.cursor() as cursor:
                cursor.execute(FLOOR_SQL, [days[0], days[-1]])
                return cursor.fetchall()

        results["measures floor"] = best_of(floor)
        child = Child.objects.select_related("la").get(la_child_id=ids[n // 2])
        page = []
        for _ in range(15):
            start = time.perf_counter()
            child_attendance(child, days[-1])
            page.append(time.perf_counter() - start)
        results["child page"] = statistics.median(page)
    ratio = lambda a, b: f"{results[a] / results[b]:.2f}x floor"  # noqa: E731
    report(
        f"Attendance on {vendor}, {n:,} children",
        [
            (
                f"one day import ({day_rows:,} marks)",
                f"{results['day']:.2f} s",
                f"target < 10 s: ratio {results['day'] / 10:.2f}; {ratio('day', 'day floor')}",
            ),
            ("  COPY floor", f"{results['day floor']:.2f} s", ""),
            ("  same file again (no changes)", f"{results['day again']:.2f} s", ""),
            (
                f"school year import, 2,500 children ({year_rows:,} marks)",
                f"{results['year']:.2f} s",
                f"target < 30 s: ratio {results['year'] / 30:.2f}; {ratio('year', 'year floor')}",
            ),
            ("  COPY floor", f"{results['year floor']:.2f} s", ""),
            (
                f"a year of marks loaded by SQL ({year_marks:,})",
                f"{results['load']:.1f} s",
                "set-up",
            ),
            (
                "measures, every child, the year (best of 3)",
                f"{results['measures']:.2f} s",
                f"target < 2 s: ratio {results['measures'] / 2:.2f}; "
                f"{ratio('measures', 'measures floor')}",
            ),
            ("  SQL aggregate floor (best of 3)", f"{results['measures floor']:.2f} s", ""),
            (
                "measures, every child, spring term to a Wednesday (best of 3)",
                f"{results['term to date']:.2f} s",
                "weekly tallies and marks: no target",
            ),
            (
                "one child's year page data (median of 15)",
                f"{results['child page'] * 1000:.1f} ms",
                f"target < 50 ms: ratio {results['child page'] / 0.05:.2f}",
            ),
        ],
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
