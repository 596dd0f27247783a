"""Who is on the Virtual School's roll on a date: the rules in one place.

A child is on the roll on day D when looked after on D (data-formats.md: an episode with
DECOM <= D and DEC blank or after D, leaving out V3/V4 short breaks unless the LA counts them)
and of Virtual School age: from the start of the funded early-years term after their third
birthday to the end (31 August) of Year 13. NC year comes from the date of birth with the
31 August cut-off.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Q

TERM_STARTS = ((9, 1), (1, 1), (4, 1))  # funded early-years terms begin 1 Sep, 1 Jan, 1 Apr
KEY_STAGES = (
    ("EY", "Early years", -3, 0),
    ("KS1", "Key stage 1", 1, 2),
    ("KS2", "Key stage 2", 3, 6),
    ("KS3", "Key stage 3", 7, 9),
    ("KS4", "Key stage 4", 10, 11),
    ("KS5", "Post-16", 12, 13),
)


def academic_year(day: datetime.date) -> int:
    """The calendar year in which the school year containing `day` began."""
    return day.year if day.month >= 9 else day.year - 1


def nc_year(date_of_birth: datetime.date, on: datetime.date) -> int:
    """National curriculum year on a date: 0 is reception, -1 nursery, 13 the last."""
    return academic_year(on) - academic_year(date_of_birth) - 5


def key_stage(nc: int) -> str:
    for code, _label, low, high in KEY_STAGES:
        if low <= nc <= high:
            return code
    return ""


def _term_start_on_or_before(day: datetime.date) -> datetime.date:
    candidates = [
        datetime.date(day.year - (1 if (m, d) > (day.month, day.day) else 0), m, d)
        for m, d in TERM_STARTS
    ]
    return max(candidates)


def age_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """(earliest, latest) dates of birth of a child of Virtual School age on `day`."""
    earliest = datetime.date(academic_year(day) - 18, 9, 1)  # still in Year 13 or below
    term = _term_start_on_or_before(day)
    # Funded from the first term start after the third birthday: the birthday is before `term`.
    latest = datetime.date(term.year - 3, term.month, term.day) - datetime.timedelta(days=1)
    return earliest, latest


def virtual_school_age_q(day: datetime.date, prefix: str = "") -> Q:
    earliest, latest = age_bounds(day)
    return Q(**{f"{prefix}date_of_birth__gte": earliest, f"{prefix}date_of_birth__lte": latest})


def time_in_care_band(since: datetime.date | None, on: datetime.date) -> str:
    if since is None:
        return ""
    days = (on - since).days
    for limit, label in ((365, "under 1 year"), (730, "1 to 2 years"), (1826, "2 to 5 years")):
        if days < limit:
            return label
    return "5 years or more"


def looked_after_since(episodes: Iterable, on: datetime.date) -> datetime.date | None:
    """Start of the period of care open on `on`: walk back through episodes that follow on
    without a gap (a new episode starts the day the last one ended)."""
    ordered = sorted((e for e in episodes if e.started_on <= on), key=lambda e: e.started_on)
    if not ordered or (ordered[-1].ended_on and ordered[-1].ended_on <= on):
        return None
    since = ordered[-1].started_on
    for previous in reversed(ordered[:-1]):
        if previous.ended_on is not None and previous.ended_on == since:
            since = previous.started_on
        else:
            break
    return since


def episode_on(episodes: Iterable, on: datetime.date):
    for e in sorted(episodes, key=lambda e: e.started_on, reverse=True):
        if e.started_on <= on and (e.ended_on is None or e.ended_on > on):
            return e
    return None


def placement_on(placements: Iterable, on: datetime.date):
    current = [
        p for p in placements if p.started_on <= on and (p.ended_on is None or p.ended_on >= on)
    ]
    return max(current, key=lambda p: (p.started_on, p.pk), default=None)


TEAM_EARLY_YEARS_KS3 = "Early years to key stage 3"
TEAM_14_19 = "Young people aged 14 to 19"


def team_for(nc: int) -> str:
    """The Virtual School team by phase (the Birmingham seed): key stage 4 and post-16 are the
    14-19 team; everyone younger is early years to key stage 3. SEND and wellbeing is an overlay
    (Child.send_wellbeing_overlay), not a phase."""
    return TEAM_14_19 if nc >= 10 else TEAM_EARLY_YEARS_KS3
