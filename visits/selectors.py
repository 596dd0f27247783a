"""Reads for visits and actions."""

from __future__ import annotations

from accounts.models import User
from accounts.roles import Role


def action_owners(la, school):
    """Who an action can be given to: the LA's staff who work with schools, and the school's
    designated teacher where they have an account."""
    staff = {Role.VIRTUAL_SCHOOL_HEAD, Role.TEAM_MANAGER, Role.AREA_EDUCATION_OFFICER}
    in_la = User.objects.filter(role_assignments__la=la, role_assignments__role__in=staff)
    dt = User.objects.filter(
        role_assignments__role=Role.DESIGNATED_TEACHER, role_assignments__school_id=school.pk
    )
    return (in_la | dt).filter(is_active=True).distinct().order_by("full_name", "email")


def open_actions_for(user):
    """The open actions a person owns, soonest due first (their home page)."""
    from visits.models import SchoolAction

    return SchoolAction.objects.filter(owner=user, done_on__isnull=True).select_related("school")
