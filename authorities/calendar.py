"""School days and working days. Working days leave out weekends and England's bank
holidays; school days also leave out the LA's holidays when its term dates are set, and its
closure days (statutory-rules.md, PEP timing; attendance.md)."""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays
from dateutil.easter import easter

D = datetime.date
ONE_DAY = datetime.timedelta(days=1)


def _easter(year: int) -> D:
    """Gregorian Easter Sunday (python-dateutil, which the holidays package brings)."""
    return easter(year)


def _last_monday(year: int, month: int) -> D:
    day = D(year + (month == 12), month % 12 + 1, 1) - ONE_DAY
    return day - datetime.timedelta(days=day.weekday())


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[D]:
    """England's bank holidays on weekdays, as GOV.UK lists them (a holiday on a weekend is
    listed on its substitute day), from the `holidays` package: its releases follow each
    proclamation (a jubilee, a coronation, a state funeral), so a new one is an upgrade."""
    days = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return frozenset(day for day in days if day.weekday() < 5)


def years_before(day: D, years: int) -> D:
    """The same day `years` earlier; 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def is_working_day(day: D) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(start: D, n: int) -> D:
    """The nth working day after `start` (which itself does not count)."""
    day, left = start, n
    while left > 0:
        day += ONE_DAY
        left -= is_working_day(day)
    return day


def working_days_between(start: D, end: D) -> int:
    """Working days from `start` to `end`, both included."""
    count, day = 0, start
    while day <= end:
        count += is_working_day(day)
        day += ONE_DAY
    return count


def school_day_checker(la):
    """A function day -> bool for this LA: working days inside its terms (when any are set)."""
    terms = list(la.terms.values_list("starts_on", "ends_on")) if la is not None else []
    closed = set(la.closure_days.values_list("date", flat=True)) if la is not None else set()

    def is_school_day(day: D) -> bool:
        if not is_working_day(day) or day in closed:
            return False
        return not terms or any(start <= day <= end for start, end in terms)

    return is_school_day


def school_days_between(la, start: D, end: D, *, checker=None) -> int:
    """School days from `start` to `end`, both included (0 if end is before start). Pass a
    `checker` from school_day_checker to count for many children without re-reading terms."""
    check = checker or school_day_checker(la)
    count, day = 0, start
    while day <= end:
        count += check(day)
        day += ONE_DAY
    return count


def school_days(la, start: D, end: D, *, checker=None) -> list[D]:
    """The school days from `start` to `end`, both included, in order."""
    check = checker or school_day_checker(la)
    days, day = [], start
    while day <= end:
        if check(day):
            days.append(day)
        day += ONE_DAY
    return days


def add_school_days(la, start: D, n: int, *, checker=None) -> D:
    """The nth school day counting `start` as day 1 when it is a school day (so n=6 gives the
    6th school day of an exclusion starting on `start`)."""
    check = checker or school_day_checker(la)
    day, seen = start, 0
    for _ in range(3660):
        if check(day):
            seen += 1
            if seen == n:
                return day
        day += ONE_DAY
    raise ValueError("No school days found in ten years: check the term dates.")
