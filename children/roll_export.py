"""The roll as rows: one per child on the roll on a day, for export_roll and the roll page."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from children.models import CareEpisode, Child, ChildQuerySet, EducationPlacement
from children.roll import (
    KEY_STAGES,
    episode_on,
    key_stage,
    looked_after_since,
    nc_year,
    placement_on,
)

KEY_STAGE_LABELS = {code: label for code, label, _, _ in KEY_STAGES}

ROLL_COLUMNS = (
    "child_id",
    "upn",
    "upn_valid",
    "forename",
    "surname",
    "dob",
    "nc_year",
    "legal_status",
    "looked_after_since",
    "current_provision_type",
    "current_urn",
    "in_la",
)


def with_roll_details(qs: QuerySet[Child]) -> QuerySet[Child]:
    """Episodes and placements in two extra queries, whatever the number of children."""
    return qs.select_related("la").prefetch_related(
        Prefetch("episodes", queryset=CareEpisode.objects.order_by("started_on")),
        Prefetch(
            "education_placements",
            queryset=EducationPlacement.objects.select_related("school").order_by("started_on"),
        ),
    )


def roll_row(child: Child, day: datetime.date) -> tuple:
    episodes = list(child.episodes.all())
    episode = episode_on(episodes, day)
    placement = placement_on(child.education_placements.all(), day)
    school = placement.school if placement else None
    in_la = "" if school is None else _bool(school.la_code == child.la.code)
    return (
        child.la_child_id,
        child.upn,
        _bool(child.upn_valid),
        child.forename,
        child.surname,
        child.date_of_birth.isoformat(),
        nc_year(child.date_of_birth, day),
        episode.legal_status if episode else "",
        _iso(looked_after_since(episodes, day)),
        placement.provision_type if placement else "",
        school.urn if school else "",
        in_la,
    )


@dataclass
class RollEntry:
    child: Child
    nc_year: int
    episode: CareEpisode | None
    placement: EducationPlacement | None

    @property
    def no_school_place(self) -> bool:
        return self.placement is None or self.placement.provision_type == "none"

    @property
    def in_la(self) -> bool | None:
        school = self.placement.school if self.placement else None
        return None if school is None else school.la_code == self.child.la.code

    # Labels for grouping the cohort, the same on every page.
    @property
    def location_label(self) -> str:
        labels: dict[bool | None, str] = {True: "In the LA", False: "Out of the LA"}
        return labels.get(self.in_la, "No school")

    @property
    def school_label(self) -> str:
        school = self.placement.school if self.placement else None
        return school.name if school else "No school"

    @property
    def key_stage_label(self) -> str:
        return KEY_STAGE_LABELS.get(key_stage(self.nc_year), "Not of school age")


def roll_entry(child: Child, day: datetime.date) -> RollEntry:
    return RollEntry(
        child,
        nc_year(child.date_of_birth, day),
        episode_on(child.episodes.all(), day),
        placement_on(child.education_placements.all(), day),
    )


def roll_rows(children: ChildQuerySet, day: datetime.date):
    ordered = with_roll_details(children.on_roll(day)).order_by("la_child_id")
    for child in ordered.iterator(chunk_size=2000):
        yield roll_row(child, day)


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _iso(day: datetime.date | None) -> str:
    return day.isoformat() if day else ""
