"""Bulk writing of marks: one set-based pass for any number of rows.

Rows go into a temporary table (COPY on PostgreSQL), then four statements compare them with
the stored marks: count what is new or changed, keep the replaced marks in SessionMarkChange,
move the weekly tallies by the difference, and upsert. Identical rows change nothing, so writing
the same file twice is harmless. The caller holds the transaction."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from attendance.models import Category

MARKS = "attendance_sessionmark"
WEEKS = "attendance_attendanceweek"
CHANGES = "attendance_sessionmarkchange"
STAGE = "attendance_stage"
WEEK_COLUMNS = ("present", "approved", "authorised", "unauthorised", "not_possible", "no_mark")
JOIN = "m.child_id = s.child_id AND m.date = s.date AND m.session = s.session"

# (child_id, date, session, code, category, school_id)
Mark = tuple[int, datetime.date, str, str, int, int | None]


@dataclass
class Written:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def marks_write(*, marks: list[Mark], actor=None, source: str = "") -> Written:
    """Store `marks` (at most one per child, date and session). Must run inside a transaction."""
    if not marks:
        return Written()
    with connection.cursor() as cursor:
        _stage(cursor, marks)
        written = _count(cursor, len(marks))
        if written.updated:
            _record_changes(cursor, actor, source)
        _move_weeks(cursor)
        _upsert(cursor)
        cursor.execute(f"DROP TABLE {STAGE}")
    return written


def _differs(a: str, b: str) -> str:
    op = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    return f"{a} {op} {b}"


CHANGED = f"(m.code <> s.code OR {_differs('m.school_id', 's.school_id')})"


def _stage(cursor, marks: list[Mark]) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {STAGE} (child_id bigint, date date, session varchar(2), "
        "code varchar(2), category smallint, school_id bigint, week_start date)"
    )
    rows = _with_weeks(marks)
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {STAGE} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        insert = f"INSERT INTO {STAGE} VALUES (%s, %s, %s, %s, %s, %s, %s)"  # noqa: S608
        cursor.executemany(insert, list(rows))
    if connection.vendor == "postgresql":
        cursor.execute(f"ANALYZE {STAGE}")


def _with_weeks(marks: list[Mark]) -> Iterable[tuple]:
    mondays: dict[datetime.date, datetime.date] = {}
    for mark in marks:
        day = mark[1]
        monday = mondays.get(day)
        if monday is None:
            monday = mondays[day] = day - datetime.timedelta(days=day.weekday())
        yield (*mark, monday)


def _count(cursor, total: int) -> Written:
    cursor.execute(
        f"SELECT COUNT(m.child_id), SUM(CASE WHEN {CHANGED} THEN 1 ELSE 0 END) "  # noqa: S608
        f"FROM {STAGE} s JOIN {MARKS} m ON {JOIN}"
    )
    existing, changed = cursor.fetchone()
    changed = changed or 0
    return Written(created=total - existing, updated=changed, unchanged=existing - changed)


def _record_changes(cursor, actor, source: str) -> None:
    user_id = getattr(actor, "pk", None)
    cursor.execute(
        f"INSERT INTO {CHANGES} (child_id, date, session, old_code, new_code, "  # noqa: S608
        "old_school_id, new_school_id, changed_at, changed_by_id, source) "
        "SELECT s.child_id, s.date, s.session, m.code, s.code, m.school_id, s.school_id, "
        f"%s, %s, %s FROM {STAGE} s JOIN {MARKS} m ON {JOIN} WHERE {CHANGED}",
        [timezone.now(), user_id, source[:200]],
    )


def _move_weeks(cursor) -> None:
    """Add each new mark's category to its week and move a changed mark's from old to new."""
    deltas = ", ".join(
        f"SUM(CASE WHEN s.category = {cat.value} THEN 1 ELSE 0 END) - "
        f"SUM(CASE WHEN m.category = {cat.value} THEN 1 ELSE 0 END)"
        for cat in Category
    )
    columns = ", ".join(WEEK_COLUMNS)
    updates = ", ".join(f"{c} = {WEEKS}.{c} + excluded.{c}" for c in WEEK_COLUMNS)
    cursor.execute(
        f"INSERT INTO {WEEKS} (child_id, week_start, {columns}) "  # noqa: S608
        f"SELECT s.child_id, s.week_start, {deltas} FROM {STAGE} s LEFT JOIN {MARKS} m ON {JOIN} "
        "WHERE m.child_id IS NULL OR m.category <> s.category "
        "GROUP BY s.child_id, s.week_start "
        f"ON CONFLICT (child_id, week_start) DO UPDATE SET {updates}"
    )


def _upsert(cursor) -> None:
    cursor.execute(
        f"INSERT INTO {MARKS} AS m (child_id, date, session, code, category, school_id) "  # noqa: S608
        f"SELECT child_id, date, session, code, category, school_id FROM {STAGE} s WHERE true "
        "ON CONFLICT (child_id, date, session) DO UPDATE SET code = excluded.code, "
        "category = excluded.category, school_id = excluded.school_id "
        f"WHERE {_differs('m.code', 'excluded.code')} OR "
        f"{_differs('m.school_id', 'excluded.school_id')}"
    )


def weeks_rebuild(*, child_ids: list[int] | None = None) -> int:
    """Recount weekly tallies from the marks (all children, or some). Returns rows written."""
    from attendance.models import AttendanceWeek, SessionMark

    weeks = AttendanceWeek.objects.all()
    marks = SessionMark.objects.all()
    if child_ids is not None:
        weeks, marks = weeks.filter(child_id__in=child_ids), marks.filter(child_id__in=child_ids)
    weeks.delete()
    tallies: dict[tuple[int, datetime.date], list[int]] = {}
    for child_id, day, category in marks.values_list("child_id", "date", "category").iterator(
        chunk_size=20000
    ):
        key = (child_id, day - datetime.timedelta(days=day.weekday()))
        tallies.setdefault(key, [0] * 6)[category - 1] += 1
    AttendanceWeek.objects.bulk_create(
        (
            AttendanceWeek(child_id=c, week_start=w, **dict(zip(WEEK_COLUMNS, counts, strict=True)))
            for (c, w), counts in tallies.items()
        ),
        batch_size=5000,
    )
    return len(tallies)
