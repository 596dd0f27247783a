"""Which roles an administrator may hand out. Kept apart from views so the rule is testable."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from accounts.models import RoleAssignment
from accounts.roles import ROLES_NEEDING_SCHOOL, Capability, Role
from accounts.selectors import la_ids_with, roles_in_la
from authorities.models import LocalAuthority
from schools.models import School

# Roles that can themselves manage users: only a Virtual School Head hands these out, so a
# data officer cannot make themselves (or a friend) a Virtual School Head.
ADMIN_ROLES = frozenset({Role.VIRTUAL_SCHOOL_HEAD, Role.DATA_OFFICER})


def check_can_grant(*, actor, user, role: str, la: LocalAuthority | None, school: School | None):
    if user.pk == actor.pk:
        raise ValidationError("You cannot change your own roles; ask another administrator.")
    managed = la_ids_with(actor, Capability.MANAGE_USERS)
    if role in ROLES_NEEDING_SCHOOL:
        if school is None or not _school_in_las(school, managed):
            raise ValidationError("You can only add designated teachers for schools in your LA.")
        return
    if la is None or la.pk not in managed:
        raise ValidationError("Choose a local authority you manage.")
    if role in ADMIN_ROLES and not _is_head_of(actor, la):
        raise ValidationError("Only the Virtual School Head can give this role.")


def check_can_remove(*, actor, assignment: RoleAssignment):
    check_can_grant(
        actor=actor,
        user=assignment.user,
        role=assignment.role,
        la=assignment.la,
        school=assignment.school,
    )


def _is_head_of(actor, la: LocalAuthority) -> bool:
    return Role.VIRTUAL_SCHOOL_HEAD in roles_in_la(actor, la.pk)


def _school_in_las(school: School, la_ids: set[int]) -> bool:
    return LocalAuthority.objects.filter(pk__in=la_ids, code=school.la_code).exists()


def roles_in_scope(*, actor, user) -> list[RoleAssignment]:
    """The person's role assignments that `actor` manages: roles in the actor's LAs, and
    designated teacher roles at schools in them. The rest is another LA's business."""
    managed = la_ids_with(actor, Capability.MANAGE_USERS)
    return [a for a in user.role_assignments.select_related("la", "school") if _in(a, managed)]


def _in(assignment: RoleAssignment, managed: set[int]) -> bool:
    if assignment.school is not None:
        return _school_in_las(assignment.school, managed)
    return assignment.la_id in managed


def may_remove(*, actor, assignment: RoleAssignment) -> bool:
    """The rule for removing one role (scope, and only a Virtual School Head for admin roles)."""
    try:
        check_can_remove(actor=actor, assignment=assignment)
    except ValidationError:
        return False
    return True


def has_authority_over_account(*, actor, user) -> bool:
    """Whether `actor` may remove every role the person holds: only then may they switch the
    whole account off or on (it signs in for every LA the person works for, and a data officer
    must not switch off the Virtual School Head whose role they could not remove)."""
    mine = roles_in_scope(actor=actor, user=user)
    return len(mine) == user.role_assignments.count() and all(
        may_remove(actor=actor, assignment=a) for a in mine
    )


def check_can_deactivate(*, actor, user) -> None:
    """Deactivation (or reactivation) stops or restarts someone signing in everywhere, so it
    needs authority over every role they hold: an LA cannot switch off, or back on, a person who
    also works for another LA."""
    if user.pk == actor.pk:
        raise ValidationError("You cannot deactivate or reactivate your own account.")
    if not has_authority_over_account(actor=actor, user=user):
        raise ValidationError(_ELSEWHERE)


_ELSEWHERE = (
    "This person also has roles in another local authority. Remove the roles you manage "
    "instead, or ask that authority to deactivate the account."
)
