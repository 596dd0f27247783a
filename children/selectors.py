"""Reads of children, always through visible_to: there is no unscoped selector here."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from children.models import Child, ChildRelationship


def children_for_home(user) -> QuerySet[Child]:
    return Child.objects.visible_to(user).select_related("la")


def child_list(*, user, query: str = "", la_id: int | None = None) -> QuerySet[Child]:
    qs = Child.objects.visible_to(user).select_related("la")
    if la_id:
        qs = qs.filter(la_id=la_id)
    query = query.strip()
    if query:
        qs = qs.filter(
            Q(forename__icontains=query)
            | Q(surname__icontains=query)
            | Q(preferred_name__icontains=query)
            | Q(la_child_id__iexact=query)
            | Q(upn__iexact=query)
        )
    return qs.order_by("surname", "forename", "la_child_id")


def child_relationships(*, child: Child) -> QuerySet[ChildRelationship]:
    return child.relationships.filter(ended_on__isnull=True).select_related("user")


def child_current_episode(*, child: Child):
    return child.episodes.order_by("-started_on").first()


def child_current_education(*, child: Child):
    return (
        child.education_placements.filter(ended_on__isnull=True)
        .select_related("school")
        .order_by("-started_on")
        .first()
    )


def child_latest_sdq(*, child: Child):
    return child.sdq_scores.exclude(score=None).order_by("-collection_year", "-recorded_on").first()
