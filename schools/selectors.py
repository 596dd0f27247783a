from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from children.models import Child
from children.roll_filters import current_placements
from schools.models import School


def get_school(urn) -> School:
    school = School.objects.filter(urn=urn).first() if str(urn).isdigit() else None
    if school is None:
        raise Http404("No such school")
    return school


def children_at_school_visible_to(user, school: School) -> QuerySet[Child]:
    """Children with a current placement at the school, of those the user may see."""
    placed = current_placements(timezone.localdate()).filter(school=school)
    return (
        Child.objects.visible_to(user)
        .filter(pk__in=placed.values("child_id"))
        .select_related("la")
        .order_by("surname", "forename")
    )
