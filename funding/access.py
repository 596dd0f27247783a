"""Reaching PP+ records: only in an LA where the user may manage funding (no unscoped lookups)."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.roles import Capability
from accounts.selectors import la_ids_with
from core.lookups import one_or_404
from funding.models import GrantYear, PaymentLine, PaymentRun, PpRequest


def grants_visible_to(user) -> QuerySet[GrantYear]:
    return GrantYear.objects.filter(la__in=la_ids_with(user, Capability.MANAGE_FUNDING))


def get_grant_for_user(user, pk) -> GrantYear:
    return one_or_404(grants_visible_to(user).select_related("la"), pk)


def get_request_for_user(user, pk) -> PpRequest:
    qs = PpRequest.objects.filter(grant_year__in=grants_visible_to(user))
    return one_or_404(qs.select_related("grant_year__la", "target__pep__child"), pk)


def get_line_for_user(user, pk) -> PaymentLine:
    qs = PaymentLine.objects.filter(grant_year__in=grants_visible_to(user))
    return one_or_404(qs.select_related("grant_year__la"), pk)


def get_run_for_user(user, pk) -> PaymentRun:
    qs = PaymentRun.objects.filter(grant_year__in=grants_visible_to(user))
    return one_or_404(qs.select_related("grant_year__la"), pk)
