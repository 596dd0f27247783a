"""Reads of children, always through visible_to: there is no unscoped selector here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Count, Q, QuerySet

from children.models import Child, ChildRelationship


def children_for_home(user) -> QuerySet[Child]:
    return Child.objects.visible_to(user).select_related("la")


def child_search_q(term: str) -> Q:
    """Name (any part), exact LA child id, or exact UPN: the one search for pages and API."""
    term = term.strip()
    return (
        Q(forename__icontains=term)
        | Q(surname__icontains=term)
        | Q(preferred_name__icontains=term)
        | Q(la_child_id__iexact=term)
        | Q(upn__iexact=term)
    )


def child_list(*, user, query: str = "", la_id: int | None = None) -> QuerySet[Child]:
    qs = Child.objects.visible_to(user).select_related("la")
    if la_id:
        qs = qs.filter(la_id=la_id)
    if query.strip():
        qs = qs.filter(child_search_q(query))
    return qs.order_by("surname", "forename", "la_child_id")


def child_relationships(*, child: Child) -> QuerySet[ChildRelationship]:
    return child.relationships.filter(ended_on__isnull=True).select_related("user")


def child_current_episode(*, child: Child):
    return child.episodes.order_by("-started_on").first()


def child_current_education(*, child: Child, day=None):
    """The child's setting on `day` (today by default), by the roll's rule."""
    from django.utils import timezone

    from children.roll.rules import placement_on, placement_open_q

    day = day or timezone.localdate()
    open_ = child.education_placements.filter(placement_open_q(day)).select_related("school")
    return placement_on(open_, day)


def child_latest_sdq(*, child: Child):
    return child.sdq_scores.exclude(score=None).order_by("-collection_year", "-recorded_on").first()


def designated_teachers_at(school):
    from accounts.models import User
    from accounts.roles import Role

    if school is None:
        return User.objects.none()
    return User.objects.filter(
        is_active=True,
        role_assignments__role=Role.DESIGNATED_TEACHER,
        role_assignments__school_id=school.pk,  # a School or the roll's SchoolRow
    ).distinct()


def child_flags(*, child: Child, entry, on_roll: bool) -> list[tuple[str, str]]:
    """(colour, text) pairs shown at the top of the record and on lists."""
    flags = []
    if on_roll and entry.no_school_place:
        flags.append(("red", "No school place"))
    placement = entry.placement
    if placement and placement.attendance_pattern == "part-time":
        hours = placement.hours_per_week
        colour = "orange" if hours is not None and hours < 25 else "blue"
        flags.append((colour, f"Part-time: {hours} hours a week"))
    if placement and placement.urn and placement.school_id is None:
        flags.append(("yellow", f"URN {placement.urn} not in the school register"))
    if entry.in_la is False:
        flags.append(("blue", "School out of the LA"))
    if child.upn and not child.upn_valid:
        flags.append(("yellow", "UPN check letter does not match"))
    if child.is_uasc:
        flags.append(("purple", "Unaccompanied asylum-seeking child"))
    if not on_roll:
        flags.append(("grey", "Not on the roll today"))
    return flags


def data_quality(*, user, day) -> dict[str, Callable[[], Any]]:
    """Lists a data officer works through, each limited to the children the user may see: each
    built when asked for (a page shows one; the summary counts them all). Every list pages and
    counts in the database: a QuerySet, or a kept sequence (core.kept.Kept)."""
    from accounts.selectors import la_ids_with_whole_roll
    from children.kept_no_place import no_place_alerts
    from children.models import EducationPlacement, ReturnFlag
    from children.roll.filters import current_placements
    from schools.models import School

    visible = Child.objects.visible_to(user)

    def no_place():
        # The kept alerts (children.kept_no_place): the same rule as the home pages' and the
        # full list's, longest wait first. Worked out per request it was 0.6 s at 25,000.
        return no_place_alerts(visible, day, whole=la_ids_with_whole_roll(user))

    return {
        "upn": lambda: (
            visible.filter(upn_valid=False)
            .exclude(upn="")
            .select_related("la")
            .order_by("la_child_id")
        ),
        "no_place": no_place,
        "closed": lambda: (
            current_placements(day)
            .filter(child__in=visible, school__status=School.Status.CLOSED)
            .select_related("child", "school")
            .order_by("child__la_child_id")
        ),
        "unknown_urn": lambda: (
            EducationPlacement.objects.filter(
                child__in=visible, urn__isnull=False, school__isnull=True
            )
            .select_related("child")
            .order_by("urn", "child__la_child_id")
        ),
        "no_mark": lambda: _unmarked_sessions(visible, day),
        "return_flags": lambda: (
            ReturnFlag.objects.filter(child__in=visible)
            .select_related("child")
            .order_by("-collection_year", "child__la_child_id", "kind")
        ),
    }


def with_successors(placements) -> list:
    """Placements at closed schools, each with `successor`: the school GIAS links as having
    replaced it, or None."""
    from schools.selectors import successors

    placements = list(placements)
    found = successors({p.school.urn for p in placements if p.school})
    for p in placements:
        p.successor = found.get(p.school.urn) if p.school else None
    return placements


def _unmarked_sessions(visible, day):
    """Sessions coded '-' (no mark) in the last four weeks: to chase with the school."""
    import datetime

    from attendance.models import NO_MARK_CODE, SessionMark

    return (
        SessionMark.objects.filter(
            child_id__in=visible.values("pk"),
            code=NO_MARK_CODE,
            date__range=(day - datetime.timedelta(days=28), day),
        )
        .values(
            "child_id",
            "child__la_child_id",
            "child__forename",
            "child__preferred_name",
            "child__surname",
        )
        .annotate(sessions=Count("*"))
        .order_by("child__la_child_id")
    )


def whole_la_of(children: QuerySet[Child]) -> int | None:
    """The LA whose every child, and no other, is in `children` (someone who sees a whole roll
    and nothing beside it); None otherwise. Figures kept per LA may serve exactly these."""
    la_ids = list(children.order_by().values_list("la_id", flat=True).distinct()[:2])
    if len(la_ids) != 1:
        return None
    whole = Child.objects.filter(la_id=la_ids[0]).count() == children.count()
    return la_ids[0] if whole else None
