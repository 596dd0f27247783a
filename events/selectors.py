"""Reads for events: what a person may see and book, and the figures for the annual report."""

from __future__ import annotations

import datetime

from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.utils import timezone

from accounts.roles import LA_SCOPED_ROLES, Capability
from accounts.selectors import la_ids_with, role_assignments, school_ids_as_designated_teacher
from events.models import Booking, Event


def events_visible_to(user) -> QuerySet[Event]:
    """The LA's events for its staff; designated teachers' events (of any LA that places
    children with them) for a designated teacher."""
    las = {a.la_id for a in role_assignments(user) if a.role in LA_SCOPED_ROLES}
    q = Q(la_id__in=las)
    if school_ids_as_designated_teacher(user):
        q |= ~Q(audience=Event.Audience.STAFF)
    return Event.objects.filter(q)


def get_event_for_user(user, pk) -> Event:
    from django.http import Http404

    event = events_visible_to(user).filter(pk=pk).first()
    if event is None:
        raise Http404("No such event")
    return event


def live_bookings(event: Event) -> QuerySet[Booking]:
    return event.bookings.filter(cancelled_at__isnull=True).select_related("user", "school")


def event_figures(la, today: datetime.date) -> dict:
    """Events held so far this school year and the DTs trained within the LA's refresher
    period, by area (for the annual report and the VSH)."""
    from children.roll.rules import school_year

    since = datetime.date(school_year(today), 9, 1)
    held = Event.objects.filter(la=la, starts_at__date__gte=since, starts_at__date__lte=today)
    came = Booking.objects.filter(event__in=held, attended=True)
    figures = came.aggregate(
        attendances=Count("pk"),
        people=Count("user", distinct=True),
        schools=Count("school", distinct=True),
        hours=Sum("event__cpd_hours"),
        usefulness=Avg("usefulness"),
    )
    figures["events"] = held.count()
    figures["by_area"] = _trained_by_area(la, today)
    return figures


def _trained_by_area(la, today: datetime.date) -> list[dict]:
    from schools.areas import dt_status
    from schools.models import AreaSchool, DesignatedTeacher

    members = AreaSchool.objects.filter(la=la).select_related("area")
    current = DesignatedTeacher.objects.filter(
        ended_on__isnull=True, school_id__in=members.values("school_id")
    )
    dts = {d.school_id: d for d in current}  # the LA's areas' schools only, not every school's
    areas: dict[str, dict] = {}
    for member in members:
        found = areas.setdefault(
            member.area.name, {"area": member.area.name, "schools": 0, "trained": 0}
        )
        found["schools"] += 1
        status = dt_status(dts.get(member.school_id), la.dt_refresher_years, today)
        found["trained"] += status == "trained"
    return sorted(areas.values(), key=lambda a: a["area"])


def may_run_events(user) -> bool:
    return bool(la_ids_with(user, Capability.WORK_WITH_SCHOOLS))


def now():
    return timezone.now()
