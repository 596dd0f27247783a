"""The roll on a day with each child's episodes, placements (with school) and PEPs, loaded in
a fixed number of queries for pages that read every child on the roll (the dashboard, the PEP
lists, the home page). Episodes and placements come as plain rows with the attributes the roll
rules read: building model instances for every one, and the queryset prefetch_related makes for
every child, was most of those pages' time on a large roll."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from children.models import CareEpisode, Child, EducationPlacement
from children.roll_export import RollEntry, roll_entry


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
    school: SchoolRow | None = None


def roll_entries(
    children, day: datetime.date, *, fields=(), related=(), peps: bool = False
) -> list[RollEntry]:
    """Entries for `children` on the roll on `day`, ordered by child ID. `fields` limits the
    child's own columns (the LA, SEN status and `related` always come whole); `peps` loads
    each child's PEPs with their terms (for the PEP clocks)."""
    on_roll = children.on_roll(day)
    joined = ("la", "sen", *related)
    query = on_roll.select_related(*joined).order_by("la_child_id")
    kids = list(query.only(*fields, *joined) if fields else query)
    ids = on_roll.values("pk")
    episodes = (
        CareEpisode.objects.filter(child__in=ids)
        .order_by("started_on")
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
    attach(kids, "episodes", [EpisodeRow(*row) for row in episodes])
    attach(kids, "education_placements", placement_rows(ids))
    if peps:
        from peps.models import Pep  # the roll does not depend on PEPs; this page does

        attach(kids, "peps", Pep.objects.filter(child__in=ids).select_related("term"))
    return [roll_entry(child, day) for child in kids]


def placement_rows(ids) -> list[PlacementRow]:
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


def attach(kids: list[Child], name: str, rows) -> None:
    """What prefetch_related does, without the queryset it builds for every child: afterwards
    child.<name>.all() returns the loaded rows."""
    by_child: dict[int, list] = {child.pk: [] for child in kids}
    for row in rows:
        by_child[row.child_id].append(row)
    for child in kids:
        cache = child.__dict__.setdefault("_prefetched_objects_cache", {})
        cache[name] = by_child[child.pk]
