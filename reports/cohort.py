"""The children a dashboard or report is about: the LA's roll on a day, narrowed by key stage
and by in or out of the LA, with what every section needs loaded in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from children.models import CareEpisode, Child, EducationPlacement
from children.roll import KEY_STAGES, key_stage, nc_year, placement_on
from children.roll_export import KEY_STAGE_LABELS, RollEntry, roll_entry
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


# Only the columns the sections read: the dashboard loads every child on the roll each time.
# The LA and SEN status come whole (the PEP clocks read the LA's settings).
CHILD_FIELDS = ("la", "sen", "la_child_id", "date_of_birth", "is_uasc", "uasc_ceased_on")


# Episodes and placements as plain rows with the attributes the roll rules and the sections
# read: building model instances for every one was most of the dashboard's time.
@dataclass(slots=True)
class EpisodeRow:
    pk: int
    child_id: int
    started_on: datetime.date
    ended_on: datetime.date | None
    legal_status: str
    reason_new_episode: str


@dataclass(slots=True)
class SchoolRow:
    pk: int
    urn: int
    name: str
    la_code: str
    ofsted_rating: str


@dataclass(slots=True)
class PlacementRow:
    pk: int
    child_id: int
    school_id: int | None
    provision_type: str
    started_on: datetime.date
    ended_on: datetime.date | None
    is_dual_registered: bool
    school: SchoolRow | None = None


def roll_entries(children, day: datetime.date) -> list[RollEntry]:
    on_roll = children.on_roll(day)
    kids = list(on_roll.select_related("la", "sen").only(*CHILD_FIELDS).order_by("la_child_id"))
    ids = on_roll.values("pk")
    episodes = CareEpisode.objects.filter(child__in=ids).order_by("started_on")
    _attach(
        kids,
        "episodes",
        [
            EpisodeRow(*row)
            for row in episodes.values_list(
                "pk", "child_id", "started_on", "ended_on", "legal_status", "reason_new_episode"
            )
        ],
    )
    _attach(kids, "education_placements", _placements(ids))
    _attach(kids, "peps", Pep.objects.filter(child__in=ids).select_related("term"))
    return [roll_entry(child, day) for child in kids]


def _placements(ids) -> list[PlacementRow]:
    rows = (
        EducationPlacement.objects.filter(child__in=ids)
        .order_by("started_on")
        .values_list(
            "pk",
            "child_id",
            "school_id",
            "provision_type",
            "started_on",
            "ended_on",
            "is_dual_registered",
            "school__urn",
            "school__name",
            "school__la_code",
            "school__ofsted_rating",
        )
    )
    out = []
    for pk, child_id, school_id, kind, start, end, dual, urn, name, la_code, rating in rows:
        school = SchoolRow(school_id, urn, name, la_code, rating) if school_id else None
        out.append(PlacementRow(pk, child_id, school_id, kind, start, end, dual, school))
    return out


def _attach(kids: list[Child], name: str, rows) -> None:
    """What prefetch_related does, without the queryset it builds for every child: afterwards
    child.<name>.all() returns the loaded rows."""
    by_child: dict[int, list] = {child.pk: [] for child in kids}
    for row in rows:
        by_child[row.child_id].append(row)
    for child in kids:
        cache = child.__dict__.setdefault("_prefetched_objects_cache", {})
        cache[name] = by_child[child.pk]


def cohort_ids(la, day: datetime.date, filters: Filters):
    """The same children as cohort_entries, without loading their records: a queryset for the
    whole roll (queries then take it as a subquery, not thousands of parameters); otherwise ids,
    the key stage from the date of birth and placements read only to filter by location."""
    on_roll = Child.objects.filter(la=la).on_roll(day).select_related("la")
    if not filters.location and not filters.key_stage:
        return on_roll
    if filters.location:
        kids = list(on_roll.only("la", "date_of_birth"))
        _attach(kids, "education_placements", _placements(on_roll.values("pk")))
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
