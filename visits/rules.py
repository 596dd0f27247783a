"""When a school's next visit falls due: the LA's cadence read against its terms."""

from __future__ import annotations

import datetime
from functools import cached_property

from authorities.terms import term_or_typical

WEEK = datetime.timedelta(days=7)


class VisitClock:
    """One LA's cadence on one day, its periods worked out once for all its schools. Once a
    term: by the end of this term unless visited in it, then by the end of the next. Once a
    school year: the same, by the ends of school years (the summer terms)."""

    def __init__(self, la, today: datetime.date):
        self.la, self.today = la, today
        self.period = _this_year if la.school_visit_cadence == "year" else _this_term

    @cached_property
    def current(self) -> tuple[datetime.date, datetime.date]:
        return self.period(self.la, self.today)

    @cached_property
    def following_end(self) -> datetime.date:
        return self.period(self.la, _next_term_start(self.la, self.current[1]))[1]

    def due(self, last_visit: datetime.date | None) -> datetime.date:
        start, end = self.current
        return end if last_visit is None or last_visit < start else self.following_end


def next_visit_due(la, last_visit: datetime.date | None, today: datetime.date) -> datetime.date:
    return VisitClock(la, today).due(last_visit)


def _this_term(la, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    term = term_or_typical(la, day)
    return term.starts_on, term.ends_on


def _this_year(la, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    from children.roll.rules import school_year

    year = school_year(day)
    return datetime.date(year, 9, 1), _this_term(la, datetime.date(year + 1, 7, 1))[1]


def _next_term_start(la, end: datetime.date) -> datetime.date:
    """The first day of the first term that starts after `end` (holidays stepped over)."""
    day = end + datetime.timedelta(days=1)
    for _ in range(12):
        term = term_or_typical(la, day)
        if term.starts_on > end:
            return term.starts_on
        day += WEEK
    return day
