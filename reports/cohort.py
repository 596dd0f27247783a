"""The children a dashboard or report is about: the LA's roll on a day, narrowed by key stage
and by in or out of the LA, with what every section needs loaded in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from children.models import Child
from children.roll import KEY_STAGES, key_stage, nc_year, placement_on
from children.roll_export import KEY_STAGE_LABELS, RollEntry
from children.roll_rows import attach, placement_rows, roll_entries

KEY_STAGE_CODES = {code: label for code, label, _, _ in KEY_STAGES}
LOCATIONS = {"in": "In the LA", "out": "Out of the LA"}


@dataclass(frozen=True)
class Filters:
    key_stage: str = ""  # a code from KEY_STAGES, or blank for all
    location: str = ""  # "in", "out" or blank

    def keeps(self, entry: RollEntry) -> bool:
        if not self.keeps_key_stage(entry):
            return False
        return not self.location or entry.location_label == LOCATIONS.get(self.location)

    def keeps_key_stage(self, entry: RollEntry) -> bool:
        return not self.key_stage or entry.key_stage_label == KEY_STAGE_CODES.get(self.key_stage)

    @property
    def label(self) -> str:
        parts = [KEY_STAGE_CODES.get(self.key_stage, ""), LOCATIONS.get(self.location, "")]
        return ", ".join(p for p in parts if p) or "All children"


# The dashboard reads these columns of the child (the LA and SEN status come whole).
CHILD_FIELDS = ("la_child_id", "date_of_birth", "is_uasc", "uasc_ceased_on")


def cohort_entries(la, day: datetime.date, filters: Filters) -> list[RollEntry]:
    entries = roll_entries(Child.objects.filter(la=la), day, fields=CHILD_FIELDS, peps=True)
    return [e for e in entries if filters.keeps(e)]


# Only the columns the sections read: the dashboard loads every child on the roll each time.
def cohort_ids(la, day: datetime.date, filters: Filters):
    """The same children as cohort_entries, without loading their records: a queryset for the
    whole roll (queries then take it as a subquery, not thousands of parameters); otherwise ids,
    the key stage from the date of birth and placements read only to filter by location."""
    on_roll = Child.objects.filter(la=la).on_roll(day).select_related("la")
    if not filters.location and not filters.key_stage:
        return on_roll
    if filters.location:
        kids = list(on_roll.only("la", "date_of_birth"))
        attach(kids, "education_placements", placement_rows(on_roll.values("pk")))
        entries = (
            RollEntry(
                c,
                nc_year(c.date_of_birth, day),
                None,
                placement_on(c.education_placements.all(), day),
            )
            for c in kids
        )
        return [e.child.pk for e in entries if filters.keeps(e)]
    wanted = KEY_STAGE_CODES.get(filters.key_stage)
    return [
        pk
        for pk, dob in on_roll.values_list("pk", "date_of_birth")
        if not wanted or KEY_STAGE_LABELS.get(key_stage(nc_year(dob, day))) == wanted
    ]
