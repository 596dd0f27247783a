"""Reads about people and their roles."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from accounts.models import RoleAssignment, User
from accounts.roles import (
    LA_SCOPED_ROLES,
    ROLES_NEEDING_SCHOOL,
    Capability,
    Role,
    capabilities_of,
)
from core.actors import is_system

_CACHE_ATTR = "_vs_role_assignments"


def role_assignments(user) -> list[RoleAssignment]:
    """The user's roles, read once per request (cached on the request's user object)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user).select_related("la", "school"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_role_assignments(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def user_roles(user) -> set[str]:
    return {a.role for a in role_assignments(user)}


def roles_in_la(user, la_id) -> set[str]:
    """The roles the user holds in one LA (a designated teacher's, held at a school, is not)."""
    return {a.role for a in role_assignments(user) if a.la_id is not None and a.la_id == la_id}


def user_capabilities(user) -> frozenset[Capability]:
    """Everything the user may do somewhere (for navigation; objects are checked per LA)."""
    return capabilities_of(user_roles(user))


def la_ids_with(user, capability: Capability) -> set[int]:
    """LAs in which the user holds a role that grants `capability`."""
    return {
        a.la_id
        for a in role_assignments(user)
        if a.la_id and capability in capabilities_of({a.role})
    }


def la_ids_with_whole_roll(user) -> set[int]:
    return {a.la_id for a in role_assignments(user) if a.role in LA_SCOPED_ROLES and a.la_id}


def school_ids_as_designated_teacher(user) -> set[int]:
    return {
        a.school_id
        for a in role_assignments(user)
        if a.role in ROLES_NEEDING_SCHOOL and a.school_id is not None
    }


def users_manageable_by(actor) -> QuerySet[User]:
    """People an administrator may manage: anyone holding a role in one of the administrator's
    LAs, or a designated teacher at a school in one of those LAs."""
    la_ids = la_ids_with(actor, Capability.MANAGE_USERS)
    if not la_ids:
        return User.objects.none()
    la_codes = RoleAssignment.objects.filter(la_id__in=la_ids).values("la__code")
    in_scope = RoleAssignment.objects.filter(
        Q(la_id__in=la_ids) | Q(role=Role.DESIGNATED_TEACHER, school__la_code__in=la_codes)
    )
    return User.objects.filter(pk__in=in_scope.values("user_id"))


def user_for_manager(actor, pk) -> User:
    """The user with this id if `actor` may manage them; otherwise 404 (logged as a denial)."""
    from django.http import Http404

    from audit.services import Action, ObjectType, access_log_record

    user = users_manageable_by(actor).filter(pk=pk).first() if str(pk).isdigit() else None
    if user is None:
        access_log_record(
            action=Action.DENIED, actor=actor, object_type=ObjectType.USER, object_id=pk
        )
        raise Http404("No such user")
    return user


def las_managed_by(actor):
    from authorities.models import LocalAuthority

    return list(LocalAuthority.objects.filter(pk__in=la_ids_with(actor, Capability.MANAGE_USERS)))


def require_capability_anywhere(actor, capability: Capability) -> None:
    """A service's check for work that is not any one LA's (the school register); SYSTEM passes.
    The pages ask the same (accounts.decorators.require_capability)."""
    if not is_system(actor) and capability not in user_capabilities(actor):
        raise PermissionDenied
