"""Writes for enrichment: the programme (PP+ costs reach the funding ledger's central spend
line), bookings with a waiting list, the register on the day, evaluations, media consent, and
the monthly post-16 check. Atomic and validated."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from core.actors import as_user
from core.history import save_validated
from enrichment.access import is_partner_staff, may_book, may_manage
from enrichment.models import Activity, Booking, Evaluation, MediaConsent, Post16Check
from enrichment.rules import ineligible_because

ZERO = Decimal("0")


@transaction.atomic
def activity_save(*, activity: Activity, actor) -> Activity:
    """A PP+-funded activity's cost is spent from its central spend line: a change of cost (or
    of line, or of fund) moves the line's spending by the difference."""
    if not may_manage(actor, activity.la_id):
        raise PermissionDenied
    before = Activity.objects.filter(pk=activity.pk).first() if activity.pk else None
    save_validated(activity, actor=actor)
    _spend(before, -1, actor)
    _spend(activity, +1, actor)
    return activity


def _spend(activity: Activity | None, sign: int, actor) -> None:
    if activity is None or activity.fund != Activity.Fund.PP_PLUS or not activity.central_spend_id:
        return
    from funding.models import CentralSpend

    line = CentralSpend.objects.select_for_update().get(pk=activity.central_spend_id)
    line.spent = max(ZERO, line.spent + sign * activity.cost)
    save_validated(line, actor=actor)


@transaction.atomic
def booking_make(
    *, activity: Activity, child, needs_shared: str, emergency_contact: str, actor
) -> Booking:
    """A place while there is one, else the waiting list."""
    if not may_book(actor, child) or child.la_id != activity.la_id:
        raise PermissionDenied
    why = ineligible_because(activity, child)
    if why:
        raise ValidationError({"child": why})
    Activity.objects.select_for_update().get(pk=activity.pk)  # one booking at a time
    if activity.bookings.filter(child=child).exclude(status=Booking.Status.CANCELLED).exists():
        raise ValidationError({"child": "The child is already booked or waiting."})
    full = activity.bookings.filter(status=Booking.Status.BOOKED).count() >= activity.capacity
    booking = Booking(
        activity=activity,
        child=child,
        booked_by=as_user(actor),
        status=Booking.Status.WAITING if full else Booking.Status.BOOKED,
        needs_shared=needs_shared,
        emergency_contact=emergency_contact,
    )
    save_validated(booking, actor=actor)
    return booking


@transaction.atomic
def booking_cancel(*, booking: Booking, actor) -> Booking | None:
    """Cancelled; the first on the waiting list takes the place (returned)."""
    if not (
        may_manage(actor, booking.activity.la_id)
        or booking.booked_by_id == getattr(actor, "pk", None)
        or may_book(actor, booking.child)
    ):
        raise PermissionDenied
    was_booked = booking.status == Booking.Status.BOOKED
    booking.status = Booking.Status.CANCELLED
    save_validated(booking, actor=actor)
    if not was_booked:
        return None
    waiting = (
        booking.activity.bookings.filter(status=Booking.Status.WAITING)
        .order_by("booked_at", "pk")
        .first()
    )
    if waiting:
        waiting.status = Booking.Status.BOOKED
        save_validated(waiting, actor=actor)
    return waiting


@transaction.atomic
def attendance_record(*, booking: Booking, attended: bool, actor) -> Booking:
    """The register on the day: the programme's staff or the partner running it."""
    activity = booking.activity
    if not (may_manage(actor, activity.la_id) or is_partner_staff(actor, activity)):
        raise PermissionDenied
    if booking.status != Booking.Status.BOOKED:
        raise ValidationError("Only a booked child can be marked at the register.")
    booking.attended = attended
    save_validated(booking, actor=actor)
    return booking


@transaction.atomic
def evaluation_save(*, booking: Booking, data: dict, actor) -> Evaluation:
    activity = booking.activity
    if not (
        may_manage(actor, activity.la_id)
        or is_partner_staff(actor, activity)
        or may_book(actor, booking.child)
    ):
        raise PermissionDenied
    if not booking.attended:
        raise ValidationError("Evaluate a session the child attended.")
    for field in ("wellbeing_before", "wellbeing_after"):
        if data.get(field) is not None and not 1 <= data[field] <= 10:
            raise ValidationError({field: "Use the scale from 1 to 10."})
    found = Evaluation.objects.filter(booking=booking).first() or Evaluation(booking=booking)
    for field, value in data.items():
        setattr(found, field, value)
    found.full_clean()
    found.save()
    return found


@transaction.atomic
def consent_record(*, child, data: dict, actor) -> MediaConsent:
    if not may_book(actor, child):
        raise PermissionDenied
    consent = MediaConsent(child=child, **data)
    if consent.expires_on and consent.expires_on < consent.given_on:
        raise ValidationError({"expires_on": "It cannot expire before it was given."})
    save_validated(consent, actor=actor)
    return consent


@transaction.atomic
def consent_withdraw(*, consent: MediaConsent, day: datetime.date, actor) -> MediaConsent:
    if not may_book(actor, consent.child):
        raise PermissionDenied
    consent.withdrawn_on = day
    save_validated(consent, actor=actor)
    return consent


@transaction.atomic
def post16_check_record(*, child, month: datetime.date, data: dict, actor) -> Post16Check:
    """This month's activity, once a month (a second check the same month replaces it)."""
    from children.access import child_roles

    if not (may_manage(actor, child.la_id) or child_roles(actor, child) & POST16_CHECKERS):
        raise PermissionDenied
    found = Post16Check.objects.filter(child=child, month=month.replace(day=1)).first()
    check = found or Post16Check(child=child, month=month.replace(day=1))
    for field, value in data.items():
        setattr(check, field, value)
    check.checked_by = as_user(actor)
    save_validated(check, actor=actor)
    return check


POST16_CHECKERS = {"education_support_advisor", "team_manager", "virtual_school_head"}
