"""Who works the advice log: the PLAC advisor, the VSH and team managers of the LA. Requests
are reached only through these (a 404 outside the user's LAs)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accounts.roles import Capability
from accounts.selectors import la_ids_with
from advice.models import AdviceRequest
from core.actors import is_system


def advice_la_ids(user) -> list[int]:
    return list(la_ids_with(user, Capability.MANAGE_ADVICE))


def may_manage_advice(user, la_id: int) -> bool:
    return is_system(user) or la_id in advice_la_ids(user)


def requests_for(user) -> QuerySet[AdviceRequest]:
    return AdviceRequest.objects.filter(la_id__in=advice_la_ids(user))


def get_request_for_user(user, pk) -> AdviceRequest:
    found = requests_for(user).filter(pk=pk).select_related("la", "school", "advisor").first()
    if found is None:
        raise Http404("No such request")
    return found
