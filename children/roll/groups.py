"""Groups of the roll: the labels children are grouped by on every page (key stage, year group,
in or out of the LA), their order, and the roll narrowed by key stage and location (the
dashboard's and reports' filters), loaded in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Protocol

from children.models import Child
from children.roll.loader import RollEntry, roll_entries
from children.roll.rules import (
    KEY_STAGES,
    LOCATION_LABELS,
    YOUNGEST_NC_YEAR,
    key_stage_q,
    nc_year_label,
    placement_on_subquery,
)

KEY_STAGE_CODES = {code: label for code, label, _, _ in KEY_STAGES}
KEY_STAGE_ORDER = [label for _, label, _, _ in KEY_STAGES]
YEAR_ORDER = {nc_year_label(n): n for n in range(YOUNGEST_NC_YEAR, 14)}
LOCATIONS = {"in": LOCATION_LABELS[True], "out": LOCATION_LABELS[False]}


def label_order(item):
    """Sort key for (label, ...) pairs: key stages in order, then year groups, then the rest."""
    label = item[0]
    if label in KEY_STAGE_ORDER:
        return (0, KEY_STAGE_ORDER.index(label), label)
    if label in YEAR_ORDER:
        return (1, YEAR_ORDER[label], label)
    if label.lstrip("-").isdigit():
        return (1, int(label), label)
    return (2, 0, label)


class Labelled(Protocol):
    """A child as the filters see them: a roll entry."""

    @property
    def key_stage_label(self) -> str: ...

    @property
    def location_label(self) -> str: ...


@dataclass(frozen=True)
class Filters:
    key_stage: str = ""  # a code from KEY_STAGES, or blank for all
    location: str = ""  # "in", "out" or blank

    def keeps(self, entry: Labelled) -> bool:
        return self.keeps_labels(entry.key_stage_label, entry.location_label)

    def keeps_labels(self, key_stage_label: str, location_label: str) -> bool:
        """keeps(), from the labels (a dashboard child's are in its tuple: child_facts)."""
        if self.key_stage and key_stage_label != KEY_STAGE_CODES.get(self.key_stage):
            return False
        return not self.location or location_label == LOCATIONS.get(self.location)

    @property
    def label(self) -> str:
        parts = [KEY_STAGE_CODES.get(self.key_stage, ""), LOCATIONS.get(self.location, "")]
        return ", ".join(p for p in parts if p) or "All children"


# The dashboard reads these columns of the child (the LA and SEN status come whole).
CHILD_FIELDS = ("la_child_id", "date_of_birth", "is_uasc", "uasc_ceased_on")


def cohort_entries(
    la, day: datetime.date, filters: Filters, *, peps: bool = True
) -> list[RollEntry]:
    entries = roll_entries(Child.objects.filter(la=la), day, fields=CHILD_FIELDS, peps=peps)
    return [e for e in entries if filters.keeps(e)]


def cohort_ids(la, day: datetime.date, filters: Filters):
    """The same children as cohort_entries, as a queryset (queries then take it as a subquery,
    not thousands of parameters), narrowed in the database by the same rules."""
    on_roll = Child.objects.filter(la=la).on_roll(day)
    if filters.key_stage:
        on_roll = on_roll.filter(key_stage_q(filters.key_stage, day))
    if filters.location:
        on_roll = on_roll.annotate(_school_la=placement_on_subquery(day, "school__la_code"))
        if filters.location == "in":
            on_roll = on_roll.filter(_school_la=la.code)
        else:
            on_roll = on_roll.filter(_school_la__isnull=False).exclude(_school_la=la.code)
    return on_roll
