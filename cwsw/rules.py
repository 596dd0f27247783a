"""The cohorts of children with a social worker on a day D, each in its Python form (one
record) beside its database form (a query): an episode or plan is open on day X when it started
on or before X and its closure or end date is blank or after X. Ever-6: a CIN episode open on at
least one day of the six years ending on D."""

from __future__ import annotations

import datetime

from django.db.models import F, Q

from authorities.calendar import years_before

ONE_DAY = datetime.timedelta(days=1)
COHORTS = {
    "children_in_need": "Children in need (a CIN episode open on the day)",
    "child_protection_plan": "On a child protection plan on the day",
    "ever_6": "Children in need at any time in the six years to the day (Ever-6)",
}


def open_on(start: datetime.date, end: datetime.date | None, day: datetime.date) -> bool:
    return start <= day and (end is None or end > day)


def open_on_q(day: datetime.date, start: str, end: str) -> Q:
    return Q(**{f"{start}__lte": day}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": day}))


def six_years_from(day: datetime.date) -> datetime.date:
    """The first day of the six years ending on `day` (31 March 2026: 1 April 2020)."""
    return years_before(day, 6) + ONE_DAY


def open_in_six_years(start: datetime.date, end: datetime.date | None, day: datetime.date) -> bool:
    """Open on some day X with max(start, first day) <= X <= day and X < end."""
    first = max(start, six_years_from(day))
    return first <= day and (end is None or end > first)


def open_in_six_years_q(day: datetime.date) -> Q:
    first = six_years_from(day)
    ended_after = Q(closure_date__gt=first) & Q(closure_date__gt=F("referral_date"))
    return Q(referral_date__lte=day) & (Q(closure_date__isnull=True) | ended_after)


NEEDS = {
    "N0": "Not stated",
    "N1": "Abuse or neglect",
    "N2": "Child's disability or illness",
    "N3": "Parental disability or illness",
    "N4": "Family in acute stress",
    "N5": "Family dysfunction",
    "N6": "Socially unacceptable behaviour",
    "N7": "Low income",
    "N8": "Absent parenting",
    "N9": "Cases other than children in need",
}
PHASES = {
    "early_years": "Under 5",
    "primary": "5 to 10",
    "secondary": "11 to 15",
    "post_16": "16 and over",
    "not_known": "Age not known",
}


def phase_on(birth_month: datetime.date | None, day: datetime.date) -> str:
    """By age on the day, from the month of birth (the first of the month stands for the
    birthday: the day is not kept)."""
    if birth_month is None or birth_month > day:
        return "not_known"
    age = day.year - birth_month.year - ((day.month, day.day) < (birth_month.month, 1))
    if age < 5:
        return "early_years"
    return "primary" if age <= 10 else "secondary" if age <= 15 else "post_16"
