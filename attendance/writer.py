"""Bulk writing of marks: one set-based pass for any number of rows.

Rows go into a temporary table (COPY on PostgreSQL), then a few statements compare them with
the stored marks: count what is new or changed, keep the replaced marks in SessionMarkChange,
move the weekly and term tallies by the difference, and upsert. Identical rows change nothing,
so writing the same file twice is harmless. The caller holds the transaction.

Tallies move by differences read before the upsert, so two writers for one LA must not
interleave: on PostgreSQL each takes a transaction-scoped advisory lock for its LA; SQLite runs
one writing transaction at a time anyway."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from attendance.models import Category, SessionMark
from attendance.periods import Periods
from core.actors import as_user

MARKS = "attendance_sessionmark"
WEEKS = "attendance_attendanceweek"
PERIODS = "attendance_attendanceperiod"
CHANGES = "attendance_sessionmarkchange"
STAGE = "attendance_stage"
WEEK_COLUMNS = ("present", "approved", "authorised", "unauthorised", "not_possible", "no_mark")
LOCK_SPACE = 4  # advisory-lock namespace for attendance writes (the key is the LA's id)
JOIN = "m.child_id = s.child_id AND m.date = s.date AND m.session = s.session"

# (child_id, date, session, code, category, school_id)
Mark = tuple[int, datetime.date, str, str, int, int | None]


@dataclass
class Written:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def marks_write(*, marks: list[Mark], la, actor, source: str = "") -> Written:
    """Store `marks` of `la`'s children (at most one per child, date and session). Must run
    inside a transaction."""
    if not marks:
        return Written()
    with connection.cursor() as cursor:
        _lock(cursor, la)
        _stage(cursor, marks, Periods.for_la(la))
        written = _count(cursor, len(marks))
        if written.updated:
            _record_changes(cursor, actor, source)
        all_new = written.created == len(marks)
        _move_tallies(cursor, WEEKS, ("week_start",), ("week_start",), all_new)
        _move_tallies(
            cursor, PERIODS, ("starts_on", "ends_on"), ("period_start", "period_end"), all_new
        )
        _upsert(cursor, written)
        from core.kept import kept_refresh_selected

        # What the pages keep from marks follows the marks' children, named by the stage.
        stage = f"SELECT DISTINCT child_id FROM {STAGE}"  # noqa: S608
        days = {m[1] for m in marks}  # one pass over a year's 950,000 marks, not two
        dates = (min(days), max(days))
        kept_refresh_selected(stage, {la.pk}, changed=SessionMark, dates=dates)
        cursor.execute(f"DROP TABLE {STAGE}")
    return written


def _lock(cursor, la) -> None:
    if connection.vendor == "postgresql":
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_SPACE, la.pk])


def _differs(a: str, b: str) -> str:
    op = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    return f"{a} {op} {b}"


CHANGED = f"(m.code <> s.code OR {_differs('m.school_id', 's.school_id')})"
# The stored marks a staged one replaces or adds to (new, or another category).
MOVED = f"LEFT JOIN {MARKS} m ON {JOIN} WHERE m.child_id IS NULL OR m.category <> s.category "


def _stage(cursor, marks: list[Mark], periods: Periods) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {STAGE} (child_id bigint, session varchar(2), code varchar(2), "
        "category smallint, school_id bigint, date date, week_start date, period_start date, "
        "period_end date)"
    )
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {STAGE} FROM STDIN") as copy:
            for chunk in _copy_text(marks, periods):
                copy.write(chunk)
        cursor.execute(f"ANALYZE {STAGE}")
    else:
        insert = f"INSERT INTO {STAGE} VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"  # noqa: S608
        cursor.executemany(insert, list(_staged_rows(marks, periods)))


def _copy_text(marks: list[Mark], periods: Periods, size: int = 50000) -> Iterable[str]:
    """COPY's text format written directly: several times faster than adapting row by row.
    Every value is an int, a date, None or a code from the catalogue; a backslash (the PM
    present code) is doubled, as the format requires. A date's four columns are written once
    per date, not once per mark."""
    lines: list[str] = []
    dates: dict[datetime.date, str] = {}
    codes: dict[str, str] = {}
    for child_id, day, session, code, category, school in marks:
        tail = dates.get(day)
        if tail is None:
            tail = dates[day] = "\t".join(str(d) for d in _date_columns(day, periods))
        shown = codes.get(code)
        if shown is None:
            shown = codes[code] = code.replace("\\", "\\\\")
        school_text = "\\N" if school is None else school
        lines.append(f"{child_id}\t{session}\t{shown}\t{category}\t{school_text}\t{tail}")
        if len(lines) >= size:
            yield "\n".join(lines) + "\n"
            lines = []
    if lines:
        yield "\n".join(lines) + "\n"


def _staged_rows(marks: list[Mark], periods: Periods) -> Iterable[tuple]:
    """Each mark in the stage's column order, with its week's Monday and calendar period."""
    dates: dict[datetime.date, tuple] = {}
    for child_id, day, session, code, category, school in marks:
        columns = dates.get(day)
        if columns is None:
            columns = dates[day] = _date_columns(day, periods)
        yield (child_id, session, code, category, school, *columns)


def _date_columns(day: datetime.date, periods: Periods) -> tuple:
    return (day, monday(day), *periods.of(day))


def monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _count(cursor, total: int) -> Written:
    cursor.execute(
        f"SELECT COUNT(m.child_id), SUM(CASE WHEN {CHANGED} THEN 1 ELSE 0 END) "  # noqa: S608
        f"FROM {STAGE} s JOIN {MARKS} m ON {JOIN}"
    )
    existing, changed = cursor.fetchone()
    changed = changed or 0
    return Written(created=total - existing, updated=changed, unchanged=existing - changed)


def _record_changes(cursor, actor, source: str) -> None:
    user = as_user(actor)  # SYSTEM (a command) is recorded as no one; None is refused
    user_id = user.pk if user is not None else None
    cursor.execute(
        f"INSERT INTO {CHANGES} (child_id, date, session, old_code, new_code, "  # noqa: S608
        "old_school_id, new_school_id, changed_at, changed_by_id, source) "
        "SELECT s.child_id, s.date, s.session, m.code, s.code, m.school_id, s.school_id, "
        f"%s, %s, %s FROM {STAGE} s JOIN {MARKS} m ON {JOIN} WHERE {CHANGED}",
        [timezone.now(), user_id, source[:200]],
    )


def _move_tallies(
    cursor, table: str, columns: tuple[str, ...], staged: tuple[str, ...], all_new: bool
) -> None:
    """Add each new mark's category to its tally row and move a changed mark's from old to
    new. `columns` key the tally (after child_id); `staged` are the stage's matching columns.
    `all_new`: no staged mark is stored yet (a new day's register), so there is nothing to
    move from and the stored marks are not looked up, a lookup per mark (200,000 for a day of
    100,000 children, in each of the two statements)."""
    deltas = ", ".join(
        f"SUM(CASE WHEN s.category = {cat.value} THEN 1 ELSE 0 END)"
        + ("" if all_new else f" - SUM(CASE WHEN m.category = {cat.value} THEN 1 ELSE 0 END)")
        for cat in Category
    )
    moved = "" if all_new else MOVED
    counts = ", ".join(WEEK_COLUMNS)
    keys = ", ".join(f"s.{c}" for c in staged)
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in WEEK_COLUMNS)
    cursor.execute(
        f"INSERT INTO {table} (child_id, {', '.join(columns)}, {counts}) "  # noqa: S608
        f"SELECT s.child_id, {keys}, {deltas} FROM {STAGE} s {moved}"
        f"GROUP BY s.child_id, {keys} "
        f"ON CONFLICT (child_id, {columns[0]}) DO UPDATE SET {updates}"
    )


def _upsert(cursor, written: Written) -> None:
    """Changed marks are updated and new ones inserted in key order: two plain statements run
    faster than one ON CONFLICT upsert, and the counts say which are needed."""
    if written.updated:
        cursor.execute(
            f"UPDATE {MARKS} AS m SET code = s.code, category = s.category, "  # noqa: S608
            f"school_id = s.school_id FROM {STAGE} AS s WHERE {JOIN} AND {CHANGED}"
        )
    if not written.created:
        return
    all_new = written.created == _staged(written)
    new = "" if all_new else f"WHERE NOT EXISTS (SELECT 1 FROM {MARKS} m WHERE {JOIN}) "  # noqa: S608
    cursor.execute(
        f"INSERT INTO {MARKS} (child_id, date, session, code, category, school_id) "  # noqa: S608
        f"SELECT child_id, date, session, code, category, school_id FROM {STAGE} s {new}"
        "ORDER BY child_id, date, session"
    )


def _staged(written: Written) -> int:
    return written.created + written.updated + written.unchanged


def tallies_rebuild(*, la) -> int:
    """Recount an LA's weekly and period tallies from its marks: after a repair, and whenever
    its term dates change (the periods follow the terms). Run it inside a transaction.
    Returns the tally rows written."""
    from attendance.models import AttendancePeriod, AttendanceWeek, SessionMark

    with connection.cursor() as cursor:
        _lock(cursor, la)
    children = la.children.values("pk")
    AttendanceWeek.objects.filter(child_id__in=children).delete()
    AttendancePeriod.objects.filter(child_id__in=children).delete()
    periods = Periods.for_la(la)
    weeks: dict[tuple[int, datetime.date], list[int]] = {}
    spans: dict[tuple[int, tuple], list[int]] = {}
    rows = SessionMark.objects.filter(child_id__in=children).values_list(
        "child_id", "date", "category"
    )
    for child_id, day, category in rows.iterator(chunk_size=20000):
        weeks.setdefault((child_id, monday(day)), [0] * 6)[category - 1] += 1
        spans.setdefault((child_id, periods.of(day)), [0] * 6)[category - 1] += 1
    AttendanceWeek.objects.bulk_create(
        (
            AttendanceWeek(child_id=c, week_start=w, **dict(zip(WEEK_COLUMNS, n, strict=True)))
            for (c, w), n in weeks.items()
        ),
        batch_size=5000,
    )
    AttendancePeriod.objects.bulk_create(
        (
            AttendancePeriod(
                child_id=c, starts_on=a, ends_on=b, **dict(zip(WEEK_COLUMNS, n, strict=True))
            )
            for (c, (a, b)), n in spans.items()
        ),
        batch_size=5000,
    )
    return len(weeks) + len(spans)
