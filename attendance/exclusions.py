"""Exclusions and suspensions (statutory-rules.md): the 6th school day from which full-time
education must be provided, and suspension days this school year against the 45-day cap."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from attendance.models import Exclusion
from authorities.calendar import add_school_days, school_day_checker
from authorities.terms import academic_year_start

SUSPENSION_CAP_DAYS = 45


@dataclass
class ExclusionView:
    exclusion: Exclusion
    sixth_day: datetime.date | None  # None: a suspension over before its 6th day
    provision_in_place: bool | None  # None when no provision is needed

    @property
    def provision_text(self) -> str:
        if self.sixth_day is None:
            return "Not needed: 5 school days or fewer"
        if self.provision_in_place:
            return f"In place from {self.exclusion.provision_from:%-d %B %Y}"
        return f"Not recorded: due from {self.sixth_day:%-d %B %Y}"


def exclusion_view(exclusion: Exclusion, checker) -> ExclusionView:
    e = exclusion
    long_enough = e.kind == Exclusion.Kind.PERMANENT or (e.sessions or 0) > 10
    if not long_enough:
        return ExclusionView(e, None, None)
    sixth = add_school_days(None, e.starts_on, 6, checker=checker)
    return ExclusionView(e, sixth, e.provision_from is not None and e.provision_from <= sixth)


@dataclass
class ExclusionSummary:
    items: list[ExclusionView]
    suspension_days_this_year: float
    permanent: int

    @property
    def over_cap(self) -> bool:
        return self.suspension_days_this_year > SUSPENSION_CAP_DAYS

    @property
    def cap(self) -> int:
        return SUSPENSION_CAP_DAYS


def child_exclusions(child, today: datetime.date) -> ExclusionSummary:
    checker = school_day_checker(child.la)
    items = [exclusion_view(e, checker) for e in child.exclusions.select_related("school")]
    year_start = academic_year_start(child.la, today)
    sessions = sum(
        e.sessions or 0
        for e in child.exclusions.all()
        if e.kind == Exclusion.Kind.SUSPENSION and year_start <= e.starts_on <= today
    )
    permanent = sum(v.exclusion.kind == Exclusion.Kind.PERMANENT for v in items)
    return ExclusionSummary(items, sessions / 2, permanent)
