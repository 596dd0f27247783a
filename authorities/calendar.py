"""School days and working days. Working days leave out weekends and England and Wales bank
holidays; school days also leave out the LA's holidays when its term dates are set, and its
closure days (statutory-rules.md, PEP timing; attendance.md)."""

from __future__ import annotations

import datetime
from functools import lru_cache

D = datetime.date
ONE_DAY = datetime.timedelta(days=1)


def _easter(year: int) -> D:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return D(year, month, day + 1)


def _first_monday(year: int, month: int) -> D:
    day = D(year, month, 1)
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7)


def _last_monday(year: int, month: int) -> D:
    day = D(year + (month == 12), month % 12 + 1, 1) - ONE_DAY
    return day - datetime.timedelta(days=day.weekday())


# Changes announced by proclamation: (year) -> moved or extra days.
_SPECIAL = {
    2020: {"remove": [D(2020, 5, 4)], "add": [D(2020, 5, 8)]},
    2022: {"remove": [D(2022, 5, 30)], "add": [D(2022, 6, 2), D(2022, 6, 3), D(2022, 9, 19)]},
    2023: {"remove": [], "add": [D(2023, 5, 8)]},
}


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[D]:
    easter = _easter(year)
    days = {
        easter - datetime.timedelta(days=2),
        easter + ONE_DAY,
        _first_monday(year, 5),
        _last_monday(year, 5),
        _last_monday(year, 8),
    }
    days |= _substitute([D(year, 1, 1)])
    days |= _substitute([D(year, 12, 25), D(year, 12, 26)])
    special = _SPECIAL.get(year, {})
    days -= set(special.get("remove", []))
    days |= set(special.get("add", []))
    return frozenset(days)


def _substitute(fixed: list[D]) -> set[D]:
    """Fixed-date holidays on a weekend move to the next weekday not already a holiday."""
    out: set[D] = set()
    for day in fixed:
        while day.weekday() >= 5 or day in out:
            day += ONE_DAY
        out.add(day)
    return out


def is_working_day(day: D) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


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
