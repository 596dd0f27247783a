"""Drift alerts about education places (roles-and-duties.md, duty 6).

No school place: a child on the roll with no current education placement, or one of type
"none". Days are school days since the place was lost (the last placement's end, or the start of
the current period of care); past the LA's threshold the alert is overdue."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q

from authorities.calendar import school_day_checker, school_days_between
from children.models import Child, ChildQuerySet
from children.roll.loader import RollEntry, roll_entries
from children.roll.rules import placement_on_subquery


@dataclass
class NoPlaceAlert:
    child: Child
    since: datetime.date
    school_days: int
    overdue: bool


def children_without_a_place(children: ChildQuerySet, day: datetime.date) -> ChildQuerySet:
    """On the roll with no setting on the day, or a setting of "none" (RollEntry.no_school_place
    in the database)."""
    setting = placement_on_subquery(day, "provision_type")
    return (
        children.on_roll(day)
        .annotate(_setting=setting)
        .filter(Q(_setting__isnull=True) | Q(_setting="none"))
    )


def no_school_place_alerts(children: ChildQuerySet, day: datetime.date) -> list[NoPlaceAlert]:
    alerts = []
    checkers: dict[int, object] = {}
    for entry in roll_entries(children_without_a_place(children, day), day):
        child, since = entry.child, without_place_since(entry, day)
        if child.la_id not in checkers:
            checkers[child.la_id] = school_day_checker(child.la)
        days = school_days_between(child.la, since, day, checker=checkers[child.la_id])
        overdue = days > child.la.no_school_place_overdue_days
        alerts.append(NoPlaceAlert(child, since, days, overdue))
    return sorted(alerts, key=lambda a: (-a.school_days, a.child.la_child_id))


def without_place_since(entry: RollEntry, day: datetime.date) -> datetime.date:
    """When a child with no school place on `day` lost it: the start of a placement of type
    "none", else the day after the last placement ended, but not before the current period of
    care began (the alerts, the school places report and the dashboard all count from here)."""
    if entry.placement is not None:  # a placement of type "none"
        return entry.placement.started_on
    ended = [p.ended_on for p in entry.placements if p.ended_on and p.ended_on < day]
    in_care = entry.looked_after_since or day
    return max([in_care, *[e + datetime.timedelta(days=1) for e in ended]])
