"""Network meetings and training: designated teachers book themselves, the register is taken
on the day, training reaches the DT register, attendees get a tagged PDF certificate and give
an evaluation; figures for the year."""

import datetime

import pytest
from django.utils import timezone

from core.actors import SYSTEM
from events.models import Booking, Event
from events.services import event_save, register_take
from schools.models import DesignatedTeacher

pytestmark = pytest.mark.django_db


def _event(world, *, days=7, capacity=1, kind=Event.Kind.REFRESHER):
    start = timezone.now() + datetime.timedelta(days=days)
    return event_save(
        event=Event(
            la=world.la,
            kind=kind,
            title="DT refresher",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=3),
            place="Council House",
            capacity=capacity,
            cpd_hours=3,
        ),
        actor=SYSTEM,
    )


def test_a_dt_books_a_place_until_the_event_is_full(world, signed_in):
    event = _event(world)
    dt = signed_in(world.users["designated_teacher"])
    assert "Book a place" in dt.get("/events/").content.decode()
    dt.post(f"/events/{event.pk}/book/")
    booking = Booking.objects.get(event=event)
    assert booking.user == world.users["designated_teacher"] and booking.school == world.school
    sw = signed_in(world.users["social_worker"])
    assert sw.post(f"/events/{event.pk}/book/").status_code in (403, 404)  # not their event
    aeo = signed_in(world.users["area_education_officer"])
    aeo.post(f"/events/{event.pk}/book/")  # audience "all": staff may book, but it is full
    assert Booking.objects.filter(event=event).count() == 1


def test_the_register_marks_who_came_and_their_training_reaches_the_dt_register(world, signed_in):
    from django.core.exceptions import ValidationError

    dt_user = world.users["designated_teacher"]
    DesignatedTeacher.objects.create(
        school=world.school, name="Dana", email=dt_user.email, started_on=datetime.date(2020, 9, 1)
    )
    event = _event(world, days=3)
    booking = Booking.objects.create(event=event, user=dt_user, school=world.school)
    with pytest.raises(ValidationError):  # not before the day
        register_take(event=event, attended={booking.pk}, actor=SYSTEM)
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=4),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    event.refresh_from_db()
    aeo = signed_in(world.users["area_education_officer"])
    aeo.post(f"/events/{event.pk}/", {"attended": [booking.pk]})
    booking.refresh_from_db()
    assert booking.attended is True
    entry = DesignatedTeacher.objects.get(school=world.school)
    assert entry.trained_on == timezone.localdate(event.starts_at)
    # The certificate: a tagged PDF, to the attendee only.
    dt = signed_in(dt_user)
    pdf = dt.get(f"/events/{event.pk}/certificate/")
    assert pdf["Content-Type"] == "application/pdf" and b"/StructTreeRoot" in pdf.content
    assert (
        dt.post(
            f"/events/{event.pk}/evaluation/", {"usefulness": "4", "takeaway": "Lists"}
        ).status_code
        == 302
    )
    booking.refresh_from_db()
    assert booking.usefulness == 4
    aeo = signed_in(world.users["area_education_officer"])
    assert aeo.get(f"/events/{event.pk}/certificate/").status_code == 404  # not theirs
    figures = aeo.get("/events/figures/").context["figures"]
    assert (figures["events"], figures["attendances"], figures["schools"]) == (1, 1, 1)
    assert figures["usefulness"] == 4
