"""Drift alerts about education places (roles-and-duties.md, duty 6).

No school place: a child on the roll with no current education placement, or one of type
"none". Days are school days since the place was lost (the last placement's end, or the start of
the current period of care); past the LA's threshold the alert is overdue."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from authorities.calendar import school_day_checker, school_days_between
from children.models import Child, ChildQuerySet
from children.roll import looked_after_since, placement_on
from children.roll_export import with_roll_details
from children.roll_filters import current_placements


@dataclass
class NoPlaceAlert:
    child: Child
    since: datetime.date
    school_days: int
    overdue: bool


def children_without_a_place(children: ChildQuerySet, day: datetime.date) -> QuerySet[Child]:
    placed = current_placements(day).filter(child=OuterRef("pk")).exclude(provision_type="none")
    return children.on_roll(day).exclude(Exists(placed))


def no_school_place_alerts(children: ChildQuerySet, day: datetime.date) -> list[NoPlaceAlert]:
    alerts = []
    checkers: dict[int, object] = {}
    for child in with_roll_details(children_without_a_place(children, day)):
        since = _without_place_since(child, day)
        if child.la_id not in checkers:
            checkers[child.la_id] = school_day_checker(child.la)
        days = school_days_between(child.la, since, day, checker=checkers[child.la_id])
        overdue = days > child.la.no_school_place_overdue_days
        alerts.append(NoPlaceAlert(child, since, days, overdue))
    return sorted(alerts, key=lambda a: (-a.school_days, a.child.la_child_id))


def _without_place_since(child: Child, day: datetime.date) -> datetime.date:
    placements = list(child.education_placements.all())
    current = placement_on(placements, day)
    if current is not None:  # a placement of type "none"
        return current.started_on
    ended = [p.ended_on for p in placements if p.ended_on and p.ended_on < day]
    in_care = looked_after_since(child.episodes.all(), day) or day
    return max([in_care, *[e + datetime.timedelta(days=1) for e in ended]])
