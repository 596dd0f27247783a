"""Attendance for the cohort: groups by key stage, year group, in or out of the LA and school,
the persistent and severe absence lists, and one row per child for export."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ObjectDoesNotExist

from attendance.measures import Tally, measures, rate_text
from children.roll import KEY_STAGES
from children.roll_export import roll_entry, with_roll_details

KEY_STAGE_ORDER = [label for _, label, _, _ in KEY_STAGES]
EXPORT_COLUMNS = (
    "child_id",
    "forename",
    "surname",
    "nc_year",
    "school_urn",
    "school",
    "possible_sessions",
    "present",
    "authorised_absence",
    "unauthorised_absence",
    "attendance_rate",
    "persistent_absence",
    "severe_absence",
)


@dataclass
class Group:
    label: str
    children: int = 0
    tally: Tally = field(default_factory=Tally)
    persistent: int = 0
    severe: int = 0


@dataclass
class Line:
    child: Any
    entry: Any
    tally: Tally
    persistent: bool
    severe: bool


@dataclass
class CohortAttendance:
    lines: list[Line]
    total: Group
    groups: dict[str, list[Group]]

    @property
    def persistent(self) -> list[Line]:
        return [line for line in self.lines if line.persistent]

    @property
    def severe(self) -> list[Line]:
        return [line for line in self.lines if line.severe]


def cohort_attendance(
    children, start: datetime.date, end: datetime.date, *, with_sen: bool = False
) -> CohortAttendance:
    """`with_sen` adds grouping by SEN status: only for people who may see SEN data."""
    on_roll = children.on_roll(end)
    tallies = measures(on_roll, start, end)
    lines = []
    rows = with_roll_details(on_roll.filter(pk__in=list(tallies))).select_related("sen")
    for child in rows.order_by("la_child_id"):
        tally = tallies[child.pk]
        la = child.la
        lines.append(
            Line(
                child,
                roll_entry(child, end),
                tally,
                tally.persistent(la.persistent_absence_percent),
                tally.severe(la.severe_absence_percent),
            )
        )
    groups = _groups(lines)
    if with_sen:
        groups["SEN status"] = group_lines(lines, _sen_label)
    return CohortAttendance(lines, _group("All children", lines), groups)


def _sen_label(entry) -> str:
    try:
        return entry.child.sen.get_level_display()
    except ObjectDoesNotExist:
        return "Not recorded"


def _group(label: str, lines: list[Line]) -> Group:
    group = Group(label)
    for line in lines:
        group.children += 1
        group.tally.add(line.tally)
        group.persistent += line.persistent
        group.severe += line.severe
    return group


def _groups(lines: list[Line]) -> dict[str, list[Group]]:
    keys = {
        "Key stage": lambda e: e.key_stage_label,
        "Year group": lambda e: year_label(e.nc_year),
        "In or out of the LA": lambda e: e.location_label,
        "School": lambda e: e.school_label,
    }
    return {title: group_lines(lines, key) for title, key in keys.items()}


def group_lines(lines: list[Line], key) -> list[Group]:
    """Lines grouped by key(entry), in a natural order (years numerically)."""
    buckets: dict[str, list[Line]] = defaultdict(list)
    for line in lines:
        buckets[str(key(line.entry))].append(line)
    return [_group(label, rows) for label, rows in sorted(buckets.items(), key=label_order)]


def label_order(item):
    label = item[0]
    if label in KEY_STAGE_ORDER:
        return (0, KEY_STAGE_ORDER.index(label), label)
    if label.startswith("Year "):
        return (1, int(label[5:]), label)
    if label.lstrip("-").isdigit():
        return (1, int(label), label)
    early = {"Nursery": -1, "Reception": 0}
    if label in early:
        return (1, early[label], label)
    return (2, 0, label)


def year_label(n: int) -> str:
    if n < -1:
        return "Early years"
    if n == -1:
        return "Nursery"
    return "Reception" if n == 0 else f"Year {n}"


def export_rows(result: CohortAttendance):
    for line in result.lines:
        school = line.entry.placement.school if line.entry.placement else None
        yield (
            line.child.la_child_id,
            line.child.forename,
            line.child.surname,
            line.entry.nc_year,
            school.urn if school else "",
            school.name if school else "",
            line.tally.possible,
            line.tally.present,
            line.tally.authorised,
            line.tally.unauthorised,
            rate_text(line.tally.attendance_rate),
            "true" if line.persistent else "false",
            "true" if line.severe else "false",
        )
