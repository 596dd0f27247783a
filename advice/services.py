"""Writes to the advice log: a request taken by the advisor or sent through the public form,
its answer, follow-ups and close, and anonymisation after the LA's retention period. Each
atomic and validated; the clock in advice.rules."""

from __future__ import annotations

import datetime
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from advice.access import may_manage_advice
from advice.models import AdviceEvent, AdviceRequest
from advice.rules import response_due
from authorities.calendar import years_before
from core.actors import as_user, is_system
from core.history import save_validated

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread on the telephone
PERSONAL = (
    "requester_name",
    "requester_contact",
    "child_name",
    "consent_from",
    "question",
    "advice",
    "signposted_to",
    "setting_name",
)


def _reference() -> str:
    while True:
        made = "ADV-" + "".join(secrets.choice(ALPHABET) for _ in range(6))
        if not AdviceRequest.objects.filter(reference=made).exists():
            return made


@transaction.atomic
def advice_request_create(*, la, data: dict, received_on: datetime.date, actor) -> AdviceRequest:
    """A request taken by the advisor (any channel) or, with actor SYSTEM, from the public
    form. Its due date from the LA's response target."""
    if not may_manage_advice(actor, la.pk):
        raise PermissionDenied
    request = AdviceRequest(
        la=la,
        reference=_reference(),
        received_on=received_on,
        due_on=response_due(la, received_on),
        advisor=None if is_system(actor) else actor,
        **data,
    )
    save_validated(request, actor=actor)
    return request


@transaction.atomic
def advice_request_update(*, request: AdviceRequest, data: dict, actor) -> AdviceRequest:
    _check(request, actor)
    for field, value in data.items():
        setattr(request, field, value)
    save_validated(request, actor=actor)
    return request


@transaction.atomic
def advice_request_answer(
    *, request: AdviceRequest, day: datetime.date, advice: str, signposted_to: str, actor
) -> AdviceRequest:
    """What was advised; the first answer stops the response clock."""
    _check(request, actor)
    if day < request.received_on:
        raise ValidationError({"day": "An answer cannot come before the request."})
    request.advice, request.signposted_to = advice, signposted_to
    request.first_answered_on = request.first_answered_on or day
    if request.advisor is None and not is_system(actor):
        request.advisor = actor
    save_validated(request, actor=actor)
    return request


@transaction.atomic
def advice_event_add(*, request: AdviceRequest, kind: str, day, note: str, event, actor):
    _check(request, actor)
    made = AdviceEvent(
        request=request, kind=kind, on=day, note=note, event=event, by=as_user(actor)
    )
    made.full_clean()
    made.save()
    return made


@transaction.atomic
def advice_request_close(*, request: AdviceRequest, day: datetime.date, actor) -> AdviceRequest:
    _check(request, actor)
    if not request.first_answered_on:
        raise ValidationError("Record what was advised before closing the request.")
    request.closed_on = day
    save_validated(request, actor=actor)
    return request


def _check(request: AdviceRequest, actor) -> None:
    if not may_manage_advice(actor, request.la_id):
        raise PermissionDenied
    if request.anonymised_on:
        raise ValidationError("This request has been anonymised.")


@transaction.atomic
def advice_anonymise_expired(*, la, today: datetime.date, actor) -> int:
    """Requests closed more than the LA's retention period ago keep only what the figures need
    (dates, types, topics, phase); names, contacts, the question and the advice go, from the
    history too."""
    if not is_system(actor):
        raise PermissionDenied
    cutoff = years_before(today, la.advice_retention_years)
    expired = AdviceRequest.objects.filter(la=la, closed_on__lt=cutoff, anonymised_on__isnull=True)
    count = 0
    for request in expired:
        request.history.all().delete()
        for field in PERSONAL:
            setattr(request, field, "")
        request.school, request.consent_on, request.anonymised_on = None, None, today
        request.question = "(anonymised)"
        save_validated(request, actor=actor)
        request.events.update(note="(anonymised)")
        count += 1
    return count
