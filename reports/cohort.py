"""The children a dashboard or report is about: the LA's roll on a day, narrowed by key stage
and by in or out of the LA, with what every section needs loaded in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch

from children.models import Child
from children.roll import KEY_STAGES
from children.roll_export import RollEntry, roll_entry, with_roll_details
from peps.models import Pep

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


def cohort_entries(la, day: datetime.date, filters: Filters) -> list[RollEntry]:
    return [e for e in roll_entries(Child.objects.filter(la=la), day) if filters.keeps(e)]


def roll_entries(children, day: datetime.date) -> list[RollEntry]:
    on_roll = (
        with_roll_details(children.on_roll(day))
        .select_related("sen")
        .prefetch_related(Prefetch("peps", queryset=Pep.objects.select_related("term")))
        .order_by("la_child_id")
    )
    return [roll_entry(child, day) for child in on_roll]
