"""The attendance report: one row per child on the roll at the end date with any mark in the
range (issue 4's column contract; docs/data-formats.md)."""

from __future__ import annotations

import datetime

from attendance.measures import Tally, measures, rate_text
from children.models import Child

REPORT_COLUMNS = (
    "child_id",
    "possible_sessions",
    "present",
    "authorised_absence",
    "unauthorised_absence",
    "attendance_rate",
    "persistent_absence",
    "severe_absence",
)


def attendance_report_rows(la, start: datetime.date, end: datetime.date) -> list[tuple]:
    on_roll = Child.objects.filter(la=la).on_roll(end)
    ids = dict(on_roll.values_list("pk", "la_child_id"))
    tallies = measures(on_roll, start, end)
    rows = [
        report_row(ids[pk], tally, la) for pk, tally in tallies.items() if pk in ids and tally.marks
    ]
    return sorted(rows)


def report_row(child_id: str, tally: Tally, la) -> tuple:
    return (
        child_id,
        tally.possible,
        tally.present,
        tally.authorised,
        tally.unauthorised,
        rate_text(tally.attendance_rate),
        _flag(tally.persistent(la.persistent_absence_percent)),
        _flag(tally.severe(la.severe_absence_percent)),
    )


def _flag(value: bool) -> str:
    return "true" if value else "false"
