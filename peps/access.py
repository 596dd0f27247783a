"""Reaching a PEP: only through a child the user may see (no unscoped lookups)."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from audit.services import Action, ObjectType, access_log_record
from children.models import Child
from peps.models import Pep


def get_pep_for_user(
    user, pk, *, request: HttpRequest | None = None, action: str = Action.VIEW, detail: str = ""
) -> Pep:
    """The PEP if its child is one the user may see; otherwise 404, logged as a denial. Given the
    request, the read is logged here (as `action`, e.g. an export), so no page can forget."""
    pep = None
    if str(pk).isdigit():
        visible = Child.objects.visible_to(user).values("pk")
        pep = (
            Pep.objects.filter(child__in=visible, pk=pk)
            .select_related("child__la", "term", "previous")
            .first()
        )
    if pep is None:
        access_log_record(
            action=Action.DENIED,
            actor=user,
            request=request,
            object_type=ObjectType.PEP,
            object_id=pk,
        )
        raise Http404("No such PEP")
    if request is not None:
        access_log_record(
            action=action,
            actor=user,
            request=request,
            object_type=ObjectType.PEP,
            object_id=f"{pep.pk} {detail}".strip(),
        )
    return pep
