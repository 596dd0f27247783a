"""Writes for events: setting one up, booking and cancelling (each person for themselves), the
register taken on the day (a designated teacher's induction or refresher training then reaches
the register of designated teachers), and the attendee's evaluation."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.roles import Capability
from accounts.selectors import la_ids_with, school_ids_as_designated_teacher
from core.actors import is_system
from core.history import save_validated
from events.access import may_book
from events.models import Booking, Event


def _require_staff(actor, la_id: int) -> None:
    if not is_system(actor) and la_id not in la_ids_with(actor, Capability.WORK_WITH_SCHOOLS):
        raise PermissionDenied


@transaction.atomic
def event_save(*, event: Event, actor) -> Event:
    _require_staff(actor, event.la_id)
    if event.pk is None and not is_system(actor):
        event.created_by = actor
    save_validated(event, actor=actor)
    return event


@transaction.atomic
def event_book(*, event: Event, actor) -> Booking:
    event = Event.objects.select_for_update().get(pk=event.pk)  # one place, one person
    if not may_book(actor, event):
        raise PermissionDenied
    if event.starts_at <= timezone.now():
        raise ValidationError("This event has started: it can no longer be booked.")
    booking = Booking.objects.filter(event=event, user=actor).first()
    if booking and booking.cancelled_at is None:
        raise ValidationError("You have a place already.")
    if event.bookings.filter(cancelled_at__isnull=True).count() >= event.capacity:
        raise ValidationError("This event is full.")
    booking = booking or Booking(event=event, user=actor)
    schools = sorted(school_ids_as_designated_teacher(actor))
    booking.school_id, booking.cancelled_at = (schools[0] if schools else None), None
    save_validated(booking, actor=actor)
    return booking


@transaction.atomic
def booking_cancel(*, booking: Booking, actor) -> Booking:
    if not is_system(actor) and booking.user_id != actor.pk:
        raise PermissionDenied
    booking.cancelled_at = timezone.now()
    save_validated(booking, actor=actor)
    return booking


@transaction.atomic
def register_take(*, event: Event, attended: set[int], actor) -> int:
    """Mark every live booking attended or not (booking ids in `attended`); from the day of the
    event. Returns how many came."""
    _require_staff(actor, event.la_id)
    if timezone.localdate(event.starts_at) > timezone.localdate():
        raise ValidationError("Take the register on the day of the event or after it.")
    came = 0
    for booking in event.bookings.filter(cancelled_at__isnull=True).select_for_update():
        booking.attended = booking.pk in attended
        save_validated(booking, actor=actor)
        came += booking.attended
        if booking.attended and event.kind in Event.DT_TRAINING:
            _trained(booking, timezone.localdate(event.starts_at), actor)
    return came


def _trained(booking: Booking, day: datetime.date, actor) -> None:
    """The DT register's training date, where this person is the school's designated teacher."""
    from django.db.models import Q

    from schools.models import DesignatedTeacher

    user = booking.user
    for entry in DesignatedTeacher.objects.filter(
        Q(user=user) | Q(email__iexact=user.email), ended_on__isnull=True
    ):
        if entry.trained_on is None or entry.trained_on < day:
            entry.trained_on = day
            save_validated(entry, actor=actor)


@transaction.atomic
def booking_evaluate(*, booking: Booking, usefulness: int, takeaway: str, actor) -> Booking:
    if not is_system(actor) and booking.user_id != actor.pk:
        raise PermissionDenied
    if not booking.attended:
        raise ValidationError("Only someone who attended can evaluate the event.")
    booking.usefulness, booking.takeaway = usefulness, takeaway
    save_validated(booking, actor=actor)
    return booking
