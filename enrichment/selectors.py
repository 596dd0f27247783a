"""Reads for other apps: what a child has taken part in (a PEP section cites it)."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from enrichment.models import Booking

A_YEAR = datetime.timedelta(days=365)


def taken_part(child, today: datetime.date) -> QuerySet[Booking]:
    """Activities the child attended in the last twelve months, the latest first."""
    return (
        Booking.objects.filter(child=child, attended=True, activity__starts_on__gt=today - A_YEAR)
        .select_related("activity", "evaluation")
        .order_by("-activity__starts_on")
    )


BOOKABLE_SHOWN = 500


def bookable_children(user, activity) -> list:
    """Children the user may book onto the activity: in its year groups and, on its first day,
    in one of the groups it is for. The database narrows to the year groups and to looked after
    (or, for previously looked-after children and care leavers, left care by then); the rule
    itself (children/care_status.py) then reads each candidate's episodes, fetched together."""
    from django.db.models import Q

    from children.models import Child
    from children.roll.rules import nc_year_q
    from enrichment.rules import eligible

    day, groups = activity.starts_on, set(activity.groups)
    years = range(activity.min_year, activity.max_year + 1)
    found = Child.objects.visible_to(user).filter(nc_year_q(years, day), la_id=activity.la_id)
    looked_after = Child.objects.looked_after_on(day).values("pk")
    wanted = Q(pk__in=[])
    if "cla" in groups:
        wanted |= Q(pk__in=looked_after)
    if groups & {"plac", "care_leavers"}:
        left = Child.objects.filter(episodes__ended_on__lte=day).values("pk")
        wanted |= Q(pk__in=left) & ~Q(pk__in=looked_after)
    found = found.filter(wanted).select_related("la").prefetch_related("episodes")
    found = found.order_by("surname", "forename", "la_child_id")
    return [c for c in found if eligible(activity, c)][:BOOKABLE_SHOWN]
