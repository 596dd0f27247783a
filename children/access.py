"""Who may see which child, and which of the child's fields. The one place these rules live.

Every view and API handler reaches a child through `get_child_for_user` or
`Child.objects.visible_to(user)`. See docs/security.md for the table these functions encode.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils import timezone

from accounts.roles import LA_SCOPED_ROLES, ROLE_CAPABILITIES, Capability, Role
from accounts.selectors import (
    la_ids_with_whole_roll,
    role_assignments,
    school_ids_as_designated_teacher,
)
from audit.services import Action, ObjectType, access_log_record
from children.models import Child, ChildRelationship, EducationPlacement
from core.actors import is_system

_LINKED_KIND_TO_ROLE = {
    ChildRelationship.Kind.SOCIAL_WORKER: Role.SOCIAL_WORKER,
    ChildRelationship.Kind.IRO: Role.IRO,
    ChildRelationship.Kind.CARER: Role.CARER,
}


def _current(qs, today):
    return qs.filter(started_on__lte=today).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    )


def _linked_relationships(user, today):
    """Open links whose kind matches a role the user holds in that child's LA."""
    held = {(a.role, a.la_id) for a in role_assignments(user)}
    q = Q(pk__in=[])
    for kind, role in _LINKED_KIND_TO_ROLE.items():
        la_ids = [la_id for r, la_id in held if r == role]
        if la_ids:
            q |= Q(kind=kind, child__la_id__in=la_ids)
    return _current(ChildRelationship.objects.filter(user=user), today).filter(q)


def _placements_at(school_ids, today):
    return _current(EducationPlacement.objects.filter(school_id__in=school_ids), today)


def child_visibility_q(user) -> Q:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    today = timezone.localdate()
    q = Q(la_id__in=la_ids_with_whole_roll(user))
    q |= Q(pk__in=_linked_relationships(user, today).values("child_id"))
    schools = school_ids_as_designated_teacher(user)
    if schools:
        q |= Q(pk__in=_placements_at(schools, today).values("child_id"))
    return q


def visible_of(user, la_id: int, ids: Sequence[int]) -> list[int]:
    """Of these children of one LA (ids, in the caller's order), those `user` may see, in the
    same order: child_visibility_q's rule. A user who sees the LA's whole roll (its first
    term) sees them all, without a query: a figure of a grown roll names 25,000 children, and
    filtering them in the database on every page of their list cost 100 ms."""
    from core.sql import one_of

    if la_id in la_ids_with_whole_roll(user):
        return list(ids)
    found = Child.objects.visible_to(user).filter(la_id=la_id, pk__in=one_of(ids))
    visible = set(found.values_list("pk", flat=True))
    return [pk for pk in ids if pk in visible]


def child_roles(user, child: Child) -> set[str]:
    """The roles through which `user` reaches `child` (empty when they do not)."""
    today = timezone.localdate()
    roles = {
        a.role
        for a in role_assignments(user)
        if a.la_id == child.la_id and a.role in LA_SCOPED_ROLES
    }
    kinds = _linked_relationships(user, today).filter(child=child).values_list("kind", flat=True)
    roles |= {_LINKED_KIND_TO_ROLE[k] for k in kinds}
    schools = school_ids_as_designated_teacher(user)
    if schools and _placements_at(schools, today).filter(child=child).exists():
        roles.add(Role.DESIGNATED_TEACHER)
    return roles


def child_capabilities(user, child: Child) -> frozenset[Capability]:
    """What `user` may do with this child: the union over the roles that reach the child."""
    cache = _capability_cache(user)
    if child.pk not in cache:
        caps: set[Capability] = set()
        roles = child_roles(user, child)
        for role in roles:
            caps |= ROLE_CAPABILITIES[role]
        if Role.DESIGNATED_TEACHER in roles and _shared_with_school(child):
            caps.add(Capability.VIEW_HEALTH)
        cache[child.pk] = frozenset(caps)
    return cache[child.pk]


def require_child_capability(actor, child: Child, capability: Capability) -> None:
    """A service's check, by the rule the pages reach the child with (get_child_with): a person
    without the capability for this child is refused; SYSTEM (a command, a task) passes."""
    if not is_system(actor) and capability not in child_capabilities(actor, child):
        raise PermissionDenied


def require_child_role(actor, child: Child, roles: Iterable[str]) -> None:
    """The same, for work given to roles rather than a capability (attendance alerts)."""
    if not is_system(actor) and not child_roles(actor, child) & set(roles):
        raise PermissionDenied


def _shared_with_school(child: Child) -> bool:
    """Health and SEN detail reaches a school only by a recorded need-to-know decision."""
    from sen.models import SenStatus

    return SenStatus.objects.filter(child=child, share_with_school=True).exists()


def _capability_cache(user) -> dict:
    cache = getattr(user, "_vs_child_caps", None)
    if cache is None:
        cache = {}
        user._vs_child_caps = cache
    return cache


def get_child_for_user(
    user,
    pk,
    *,
    request: HttpRequest | None = None,
    what: str = ObjectType.CHILD,
    action: str = Action.VIEW,
) -> Child:
    """The child with this id if the user may see it; otherwise 404, logged as a denial.

    Outside scope and non-existent look the same, so ids cannot be probed. Given the request
    (a page or API call), the read itself is logged here, as `action` on `what` (the part of
    the record the page shows): a page that reaches a child through this helper cannot forget."""
    child = _find_child(user, pk, request)
    if request is not None:
        record_child_read(request, child, what=what, action=action)
    return child


def get_child_with(
    user,
    pk,
    capability: Capability,
    *,
    request: HttpRequest | None = None,
    what: str = ObjectType.CHILD,
    action: str = Action.VIEW,
) -> Child:
    """The child as get_child_for_user gives it (and logs it), and 403 (logged by the 403
    handler) unless the user's roles for this child include `capability`."""
    from django.core.exceptions import PermissionDenied

    child = _find_child(user, pk, request)
    if capability not in child_capabilities(user, child):
        raise PermissionDenied
    if request is not None:
        record_child_read(request, child, what=what, action=action)
    return child


def _find_child(user, pk, request) -> Child:
    child = None
    if str(pk).isdigit():
        child = Child.objects.visible_to(user).select_related("la").filter(pk=pk).first()
    if child is None:
        access_log_record(
            action=Action.DENIED,
            actor=user,
            request=request,
            object_type=ObjectType.CHILD,
            object_id=pk,
        )
        raise Http404("No such child")
    return child


def record_child_read(request: HttpRequest, child: Child, *, what: str, action: str) -> None:
    access_log_record(
        action=action, actor=request.user, request=request, object_type=what, object_id=child.pk
    )
