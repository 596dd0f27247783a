from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from children.models import Child
from children.roll.filters import current_placements
from schools.models import School, SchoolLink


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


def replacements(urns) -> set[tuple[int, int, datetime.date | None]]:
    """(old URN, new URN, date) for every GIAS link touching these URNs, read from either side
    (GIAS lists "Successor" on the old school's row and "Predecessor" on the new one's)."""
    urns = list(urns)
    out = set()
    for link in SchoolLink.objects.filter(Q(urn__in=urns) | Q(link_urn__in=urns)):
        if link.is_successor:
            out.add((link.urn, link.link_urn, link.established_on))
        elif link.is_predecessor:
            out.add((link.link_urn, link.urn, link.established_on))
    return out


def successors(urns) -> dict[int, School]:
    """The school (in our register) that replaced each of these URNs, where GIAS links one;
    of several, the most recently established link."""
    urns = set(urns)
    found = sorted(
        (t for t in replacements(urns) if t[0] in urns),
        key=lambda t: (t[2] is not None, t[2] or 0),
    )
    schools = School.objects.in_bulk([new for _, new, _ in found], field_name="urn")
    return {old: schools[new] for old, new, _ in found if new in schools}


def school_links(school: School) -> dict[str, list]:
    """Predecessors and successors of a school: schools where we hold them, else URNs."""
    found = sorted(replacements([school.urn]))
    before = [old for old, new, _ in found if new == school.urn]
    after = [new for old, new, _ in found if old == school.urn]
    known = School.objects.in_bulk(before + after, field_name="urn")
    return {
        "predecessors": [known.get(u, u) for u in before],
        "successors": [known.get(u, u) for u in after],
    }


def area_officers(la):
    """The LA's Area Education Officers, to put in its areas."""
    from accounts.models import User
    from accounts.roles import Role

    return (
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.AREA_EDUCATION_OFFICER,
            role_assignments__la=la,
        )
        .distinct()
        .order_by("full_name", "email")
    )


def schools_with_our_children(la, day: datetime.date) -> QuerySet[School]:
    """Schools where at least one of the LA's children on the roll has a placement open on the
    day (the roll's rule and the school-on-a-day rule, as the roll counts them)."""
    from reports.kept_lines import roll_ids

    placed = current_placements(day).filter(child__in=roll_ids(la.pk, day))
    return School.objects.filter(pk__in=placed.values("school_id")).order_by("name")


def schools_without_area(la, day: datetime.date) -> QuerySet[School]:
    """Schools with our children that none of the LA's areas holds yet."""
    from schools.models import AreaSchool

    held = AreaSchool.objects.filter(la=la).values("school_id")
    return schools_with_our_children(la, day).exclude(pk__in=held)
