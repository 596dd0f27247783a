from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.roles import Capability
from accounts.selectors import la_ids_with
from authorities.models import LocalAuthority
from core.actors import is_system


def la_for_user(user, code: str, capability: Capability) -> LocalAuthority:
    """The LA with this code if the user holds `capability` there; otherwise 404."""
    la = LocalAuthority.objects.filter(code=code, pk__in=la_ids_with(user, capability)).first()
    if la is None:
        raise Http404("No such local authority")
    return la


def las_for_user(user, capability: Capability) -> list[LocalAuthority]:
    return list(LocalAuthority.objects.filter(pk__in=la_ids_with(user, capability)))


def require_la_capability(actor, la: LocalAuthority | None, capability: Capability) -> None:
    """A service's check, by the rule the pages reach the LA with (la_for_user); SYSTEM passes."""
    if is_system(actor):
        return
    if la is None or la.pk not in la_ids_with(actor, capability):
        raise PermissionDenied
