"""The one loader of the roll: a `RollEntry` per child with their episodes, placements (with
school) and, when asked, PEPs, in a fixed number of queries however many children there are.

Episodes and placements come as plain rows with the attributes the rules read: building model
instances for every one (and the queryset prefetch_related makes for every child) was most of
the whole-roll pages' time on a large roll. The rows live on the entry, not in Django's prefetch
cache: code that reads a child's history from the roll reads `entry.episodes`,
`entry.placements` and `entry.peps`."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from children.models import CareEpisode, Child, EducationPlacement
from children.roll.rules import (
    LOCATION_LABELS,
    episode_on,
    key_stage_label,
    looked_after_since,
    nc_year,
    no_school_place,
    placement_on,
)

CHUNK = 2000  # children per batch when walking the whole roll (bounded memory)


@dataclass(slots=True)
class EpisodeRow:
    pk: int
    child_id: int
    started_on: datetime.date
    ended_on: datetime.date | None
    legal_status: str
    reason_new_episode: str
    reason_ceased: str


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
    urn: int | None
    attendance_pattern: str
    hours_per_week: Any
    school: SchoolRow | None = None

    def get_provision_type_display(self) -> str:
        return EducationPlacement.ProvisionType(self.provision_type).label


@dataclass
class RollEntry:
    """A child on a day, with their history as loaded; what the roll shows about them."""

    child: Child
    day: datetime.date
    episodes: list[EpisodeRow] = field(default_factory=list)  # in start order
    placements: list[PlacementRow] = field(default_factory=list)  # in start order
    peps: list[Any] = field(default_factory=list)  # loaded only when asked for
    nc_year: int = 0
    episode: EpisodeRow | None = None
    placement: PlacementRow | None = None

    def __post_init__(self) -> None:
        self.nc_year = nc_year(self.child.date_of_birth, self.day)
        self.episode = episode_on(self.episodes, self.day)
        self.placement = placement_on(self.placements, self.day)

    @property
    def looked_after_since(self) -> datetime.date | None:
        return looked_after_since(self.episodes, self.day)

    @property
    def no_school_place(self) -> bool:
        return no_school_place(self.placement.provision_type if self.placement else None)

    @property
    def in_la(self) -> bool | None:
        school = self.placement.school if self.placement else None
        return None if school is None else school.la_code == self.child.la.code

    # Labels for grouping the cohort, the same on every page.
    @property
    def location_label(self) -> str:
        return LOCATION_LABELS[self.in_la]

    @property
    def school_label(self) -> str:
        school = self.placement.school if self.placement else None
        return school.name if school else "No school"

    @property
    def key_stage_label(self) -> str:
        return key_stage_label(self.nc_year)


def roll_entries(
    children, day: datetime.date, *, fields=(), related=(), peps: bool = False
) -> list[RollEntry]:
    """Entries for `children` on the roll on `day`, ordered by child ID. `fields` limits the
    child's own columns (the LA, SEN status and `related` always come whole; one LA object per
    LA); `peps` loads each child's PEPs with their terms (for the PEP clocks)."""
    on_roll = children.on_roll(day)
    joined = ("sen", *related)
    query = on_roll.select_related(*joined).order_by("la_child_id")
    kids = _with_las(list(query.only(*fields, "la", *joined) if fields else query))
    return entries_for(kids, day, peps=peps, ids=on_roll.values("pk"))


def _with_las(kids: list[Child]) -> list[Child]:
    """Each child's LA, one object per LA: joined, it was a copy of the same row per child
    (25,000 model objects of some 30 fields for one LA's roll)."""
    from authorities.models import LocalAuthority

    las = LocalAuthority.objects.in_bulk({c.la_id for c in kids})
    for child in kids:
        child.la = las[child.la_id]
    return kids


def iter_roll_entries(children, day: datetime.date, *, peps: bool = False) -> Iterator[RollEntry]:
    """The same, in batches: for exports and counts over a roll of any size."""
    ids = list(children.on_roll(day).order_by("la_child_id").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        batch = Child.objects.filter(pk__in=ids[start : start + CHUNK]).select_related("sen")
        yield from entries_for(_with_las(list(batch.order_by("la_child_id"))), day, peps=peps)


def entries_for(kids: list[Child], day: datetime.date, *, peps: bool = False, ids=None):
    """Entries for children already loaded (a page of a list, one child's record)."""
    ids = ids if ids is not None else [c.pk for c in kids]
    episodes = rows_by_child(episode_rows(ids))
    placements = rows_by_child(placement_rows(ids))
    pep_lists = rows_by_child(_peps(ids)) if peps else {}
    return [
        RollEntry(
            child,
            day,
            episodes.get(child.pk, []),
            placements.get(child.pk, []),
            pep_lists.get(child.pk, []),
        )
        for child in kids
    ]


def episode_rows(ids) -> list[EpisodeRow]:
    rows = (
        CareEpisode.objects.filter(child__in=ids)
        .order_by("started_on", "pk")
        .values_list(
            "pk",
            "child_id",
            "started_on",
            "ended_on",
            "legal_status",
            "reason_new_episode",
            "reason_ceased",
        )
    )
    return [EpisodeRow(*row) for row in rows]


def placement_rows(ids) -> list[PlacementRow]:
    rows = (
        EducationPlacement.objects.filter(child__in=ids)
        .order_by("started_on", "pk")
        .values_list(
            "pk",
            "child_id",
            "school_id",
            "provision_type",
            "started_on",
            "ended_on",
            "is_dual_registered",
            "urn",
            "attendance_pattern",
            "hours_per_week",
            "school__urn",
            "school__name",
            "school__la_code",
            "school__ofsted_rating",
        )
    )
    out = []
    for values in rows:
        row = PlacementRow(*values[:10])
        school_urn, name, la_code, rating = values[10:]
        row.school = (
            SchoolRow(row.school_id, school_urn, name, la_code, rating) if row.school_id else None
        )
        out.append(row)
    return out


def _peps(ids):
    from peps.models import Pep  # the roll does not depend on PEPs; some pages do

    return Pep.objects.filter(child__in=ids).select_related("term")


def rows_by_child(rows: Iterable) -> dict[int, list]:
    out: dict[int, list] = {}
    for row in rows:
        out.setdefault(row.child_id, []).append(row)
    return out
