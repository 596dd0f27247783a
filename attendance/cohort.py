"""Attendance for the cohort: groups by key stage, year group, in or out of the LA and school,
the persistent and severe absence lists, and one row per child for export."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ObjectDoesNotExist

from attendance.measures import Tally, absence_flags, measures, rate_text
from children.roll.groups import label_order
from children.roll.loader import roll_entries
from children.roll.rules import nc_year_label
from core.sql import one_of
from sen.models import level_label

if TYPE_CHECKING:
    from core.kept import Kept

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
    lines = cohort_lines(children, start, end)
    groups = _groups(lines)
    if with_sen:
        groups["SEN status"] = group_lines(lines, _sen_label)
    return CohortAttendance(lines, _group("All children", lines), groups)


def cohort_lines(children, start: datetime.date, end: datetime.date) -> list[Line]:
    """A line for each of these children on the roll on `end` with a tally from `start`."""
    on_roll = children.on_roll(end)
    tallies = measures(on_roll, start, end)
    flags: dict[int, Callable] = {}
    lines = []
    for entry in roll_entries(on_roll.filter(pk__in=one_of(tallies)), end):
        child, tally = entry.child, tallies[entry.child.pk]
        flagged = flags.get(child.la_id) or flags.setdefault(child.la_id, absence_flags(child.la))
        lines.append(Line(child, entry, tally, *flagged(tally)))
    return lines


@dataclass
class CohortSummary:
    """The cohort's figures without its children's records: what a page keeps (core.kept) and
    pages through. `persistent` and `severe` are (child id, tally), in the order listed."""

    total: Group
    groups: dict[str, list[Group]]
    persistent: Sequence[tuple[int, Tally]] | Kept  # or the kept lines, paged in the database
    severe: Sequence[tuple[int, Tally]] | Kept


def cohort_kept(la_id: int, start, end, today, *, with_sen: bool) -> CohortSummary:
    """An LA's whole cohort, kept per LA and period until its facts change (core.kept)."""
    from children.models import Child
    from core.kept import kept_figures

    children = Child.objects.filter(la_id=la_id)
    compute = lambda: cohort_summary(children, start, end, with_sen=with_sen)  # noqa: E731
    return kept_figures(la_id, f"cohort:{today}:{start}:{end}:{with_sen}", compute)


def cohort_default_start(la, today: datetime.date) -> datetime.date:
    """The page opens on this term so far: its first day in the LA, else 1 September."""
    from authorities.terms import term_on
    from children.roll.rules import school_year

    term = term_on(la, today) if la is not None else None
    return term.starts_on if term else datetime.date(school_year(today), 9, 1)


def cohort_summary(children, start, end, *, with_sen: bool = False) -> CohortSummary:
    result = cohort_attendance(children, start, end, with_sen=with_sen)
    return CohortSummary(
        result.total,
        result.groups,
        [(line.child.pk, line.tally) for line in result.persistent],
        [(line.child.pk, line.tally) for line in result.severe],
    )


def lines_for(pairs: list[tuple[int, Tally]], day: datetime.date, *, severe: bool) -> list[Line]:
    """Lines for one page of (child id, tally): only these children's records are loaded."""
    tallies = dict(pairs)
    kids = children_model().objects.filter(pk__in=list(tallies))
    entries = {e.child.pk: e for e in roll_entries(kids, day)}
    return [Line(entries[pk].child, entries[pk], tallies[pk], True, severe)
            for pk, _ in pairs if pk in entries]  # fmt: skip


def children_model():
    from children.models import Child

    return Child


def _sen_label(entry) -> str:
    try:
        return level_label(entry.child.sen.level)
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
        "Year group": lambda e: nc_year_label(e.nc_year),
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
