"""The roll's rules, each written once, in the form the database filters on (a Q) beside the
form Python tests over loaded rows. tests/test_rules.py checks the two agree.

- An episode is open on day D when DECOM <= D and DEC is blank or after D (the child is no
  longer looked after on the day the episode ends). Of overlapping episodes the later-starting
  one holds from its start (docs/data-formats.md, "Consistency problems").
- A placement is open on D when it started on or before D and ended (its last day) on or
  after D. The school on a day: of the placements open that day, a main registration before a
  dual one, then the latest-starting.
- Looked after on D: an episode open on D, short breaks (V3/V4) left out unless the LA counts
  them. Looked after since: the start of the period of care holding on D (episodes following on
  without a gap, or overlapping, back to one that starts a new period of care, RNE S).
- Virtual School age: from the start of the funded early-years term after the third birthday
  to the end (31 August) of Year 13. NC year from the date of birth with the 31 August cut-off.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable

from django.db import models
from django.db.models import OuterRef, Q, Subquery

D = datetime.date
SHORT_BREAK_LEGAL_STATUSES = ("V3", "V4")
NEW_PERIOD_OF_CARE = "S"  # RNE: started to be looked after
TERM_STARTS = ((9, 1), (1, 1), (4, 1))  # funded early-years terms begin 1 Sep, 1 Jan, 1 Apr

# --- school year, NC year, key stage ---------------------------------------------------------


# The years this service holds: a year named outside them is a slip, answered "not found".
HELD_YEARS = range(1990, 2201)


def school_year(day: D) -> int:
    """The calendar year in which the school year containing `day` began."""
    return day.year if day.month >= 9 else day.year - 1


def birthday(date_of_birth: D, years: int) -> D:
    """The day a person reaches `years` (a 29 February birthday is 1 March in a common year,
    as `age_on` counts it)."""
    try:
        return date_of_birth.replace(year=date_of_birth.year + years)
    except ValueError:
        return D(date_of_birth.year + years, 3, 1)


def age_on(date_of_birth: D, day: D) -> int:
    """Age in whole years on a day (a 29 February birthday counts from 1 March)."""
    return (
        day.year
        - date_of_birth.year
        - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))
    )


def nc_year(date_of_birth: D, on: D) -> int:
    """National curriculum year on a date: 0 is reception, -1 nursery, -2 the year before."""
    return school_year(on) - school_year(date_of_birth) - 5


def nc_year_q(years: Iterable[int], day: D, prefix: str = "") -> Q:
    """Children in these NC years on `day`: the database form of `nc_year`."""
    q = Q(pk__in=[])
    for n in years:
        born = school_year(day) - n - 5
        q |= Q(
            **{
                f"{prefix}date_of_birth__gte": D(born, 9, 1),
                f"{prefix}date_of_birth__lte": D(born + 1, 8, 31),
            }
        )
    return q


@functools.cache  # a handful of years, read for every child of a grown roll's year groups
def nc_year_label(n: int) -> str:
    if n < -1:
        return "Early years (before nursery)"
    if n == -1:
        return "Nursery"
    return "Reception" if n == 0 else f"Year {n}"


# The youngest on the roll are in NC year -2 (funded from the term after their third birthday).
YOUNGEST_NC_YEAR, OLDEST_NC_YEAR = -2, 13
ROLL_NC_YEARS = range(YOUNGEST_NC_YEAR, OLDEST_NC_YEAR + 1)


class KeyStage(models.TextChoices):
    EY = "EY", "Early years"
    KS1 = "KS1", "Key stage 1"
    KS2 = "KS2", "Key stage 2"
    KS3 = "KS3", "Key stage 3"
    KS4 = "KS4", "Key stage 4"
    KS5 = "KS5", "Post-16"

    @property
    def nc_years(self) -> range:
        return KEY_STAGE_NC_YEARS[self]


KEY_STAGE_NC_YEARS = {
    KeyStage.EY: range(YOUNGEST_NC_YEAR, 1),
    KeyStage.KS1: range(1, 3),
    KeyStage.KS2: range(3, 7),
    KeyStage.KS3: range(7, 10),
    KeyStage.KS4: range(10, 12),
    KeyStage.KS5: range(12, 14),
}
# (code, label, lowest NC year, highest) in order, for forms and tables.
KEY_STAGES = tuple((ks.value, ks.label, r[0], r[-1]) for ks, r in KEY_STAGE_NC_YEARS.items())


def key_stage(nc: int) -> str:
    """The key stage code of an NC year ("" outside the roll's years)."""
    for stage, years in KEY_STAGE_NC_YEARS.items():
        if nc in years:
            return stage.value
    return ""


@functools.cache  # a handful of years, read for every child of every figure by key stage
def key_stage_label(nc: int) -> str:
    stage = key_stage(nc)
    return KeyStage(stage).label if stage else "Not of school age"


# Where a child is educated, relative to the LA looking after them (RollEntry.in_la).
LOCATION_LABELS: dict[bool | None, str] = {
    True: "In the LA",
    False: "Out of the LA",
    None: "No school",
}


def key_stage_q(code: str, day: D, prefix: str = "") -> Q:
    """The database form of `key_stage`."""
    return nc_year_q(KEY_STAGE_NC_YEARS[KeyStage(code)], day, prefix)


# The Virtual School's teams by phase (the Birmingham seed): key stage 4 and post-16 are the
# 14-19 team; everyone younger is early years to key stage 3. SEND and wellbeing is an overlay
# (Child.send_wellbeing_overlay), not a phase.
TEAM_EARLY_YEARS_KS3 = "Early years to key stage 3"
TEAM_14_19 = "Young people aged 14 to 19"
TEAM_NC_YEARS = {
    TEAM_EARLY_YEARS_KS3: range(YOUNGEST_NC_YEAR, 10),
    TEAM_14_19: range(10, OLDEST_NC_YEAR + 1),
}


def team_for(nc: int) -> str:
    return TEAM_14_19 if nc in TEAM_NC_YEARS[TEAM_14_19] else TEAM_EARLY_YEARS_KS3


def team_q(team: str, day: D, prefix: str = "") -> Q:
    return nc_year_q(TEAM_NC_YEARS[team], day, prefix)


# --- Virtual School age ----------------------------------------------------------------------


def _term_start_on_or_before(day: D) -> D:
    candidates = [
        D(day.year - (1 if (m, d) > (day.month, day.day) else 0), m, d) for m, d in TERM_STARTS
    ]
    return max(candidates)


@functools.cache  # a pure function of the day, asked once per child when many are listed
def age_bounds(day: D) -> tuple[D, D]:
    """(earliest, latest) dates of birth of a child of Virtual School age on `day`."""
    earliest = D(school_year(day) - 18, 9, 1)  # still in Year 13 or below
    term = _term_start_on_or_before(day)
    # Funded from the first term start after the third birthday: the birthday is before `term`.
    latest = D(term.year - 3, term.month, term.day) - datetime.timedelta(days=1)
    return earliest, latest


def virtual_school_age(date_of_birth: D, day: D) -> bool:
    earliest, latest = age_bounds(day)
    return earliest <= date_of_birth <= latest


def virtual_school_age_q(day: D, prefix: str = "") -> Q:
    earliest, latest = age_bounds(day)
    return Q(**{f"{prefix}date_of_birth__gte": earliest, f"{prefix}date_of_birth__lte": latest})


# --- open on a day ---------------------------------------------------------------------------


def episode_open(e, day: D) -> bool:
    return e.started_on <= day and (e.ended_on is None or e.ended_on > day)


def episode_open_q(day: D, prefix: str = "") -> Q:
    return Q(**{f"{prefix}started_on__lte": day}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": day})
    )


def placement_open(p, day: D) -> bool:
    return p.started_on <= day and (p.ended_on is None or p.ended_on >= day)


def placement_open_q(day: D, prefix: str = "") -> Q:
    return Q(**{f"{prefix}started_on__lte": day}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": day})
    )


def no_school_place(provision_type: str | None) -> bool:
    """No setting on the day (None) or a setting of "none", from the setting on the day's
    provision type (the database's form: children.alerts.children_without_a_place)."""
    return provision_type is None or provision_type == "none"


def counts_as_looked_after(e, *, short_breaks: bool = False) -> bool:
    return short_breaks or e.legal_status not in SHORT_BREAK_LEGAL_STATUSES


def looked_after_on(episodes: Iterable, day: D, *, short_breaks: bool = False) -> bool:
    return any(
        episode_open(e, day) and counts_as_looked_after(e, short_breaks=short_breaks)
        for e in episodes
    )


def on_roll(date_of_birth: D, episodes: Iterable, day: D, short_breaks: bool = False) -> bool:
    """On the Virtual School's roll on `day`: of its age and looked after (the database's
    form: ChildQuerySet.on_roll)."""
    return virtual_school_age(date_of_birth, day) and looked_after_on(
        episodes, day, short_breaks=short_breaks
    )


def on_roll_days(
    date_of_birth: D, episodes: Iterable, days: Iterable[D], short_breaks: bool = False
) -> list[D]:
    """The days of `days` on which the child is on the roll: on_roll for each, with the
    episodes that count picked out once (a school year's 1sts of the month, for every young
    person in Years 12 and 13 of a grown roll)."""
    counting = [e for e in episodes if counts_as_looked_after(e, short_breaks=short_breaks)]
    return [
        day
        for day in days
        if any(episode_open(e, day) for e in counting) and virtual_school_age(date_of_birth, day)
    ]


def looked_after_episode_q(day: D) -> Q:
    """Episodes (CareEpisode) that make a child looked after on `day`: a short-break episode
    counts when its child's LA counts short breaks (the children of such LAs, worked out once
    per statement). Joined to every open episode, the child and the LA were over half of the
    roll's filter (48 against 20 ms for a 25,000-child LA). A subquery per episode instead,
    PostgreSQL costed so high that it compiled the roll's statements (JIT: 15 of 48 ms)."""
    from children.models import Child

    counts_breaks = Child.objects.filter(la__count_short_breaks_as_looked_after=True)
    return episode_open_q(day) & (
        ~Q(legal_status__in=SHORT_BREAK_LEGAL_STATUSES) | Q(child__in=counts_breaks.values("pk"))
    )


def episode_on(episodes: Iterable, on: D):
    """The episode that holds on a day: of those open, the latest-starting."""
    return max((e for e in episodes if episode_open(e, on)), key=_start_order, default=None)


def placement_on(placements: Iterable, on: D):
    """The school (or other setting) on a day: of the placements open, a main registration
    before a dual one, then the latest-starting."""
    return max(
        (p for p in placements if placement_open(p, on)),
        key=lambda p: (not p.is_dual_registered, p.started_on, p.pk or 0),
        default=None,
    )


def episode_on_subquery(day: D, field: str, outer: str = "pk"):
    """The database form of `episode_on`: `field` of the episode holding on `day` for the child
    in the outer query."""
    from children.models import CareEpisode

    held = CareEpisode.objects.filter(episode_open_q(day), child=OuterRef(outer))
    return Subquery(held.order_by("-started_on", "-pk").values(field)[:1])


def placement_on_subquery(day: D, field: str, outer: str = "pk"):
    """The database form of `placement_on`: `field` of the child's setting on `day`."""
    from children.models import EducationPlacement

    open_ = EducationPlacement.objects.filter(placement_open_q(day), child=OuterRef(outer))
    return Subquery(open_.order_by("is_dual_registered", "-started_on", "-pk").values(field)[:1])


def _start_order(e):
    return (e.started_on, getattr(e, "pk", None) or 0)


def looked_after_since(episodes: Iterable, on: D) -> D | None:
    """Start of the period of care open on `on`: from the episode holding that day, walk back
    through episodes it follows on from (the earlier one ended on or after its start, or never
    ended: an overlap), until one that starts a new period of care (RNE S) or a gap."""
    ordered = sorted((e for e in episodes if e.started_on <= on), key=_start_order)
    current = episode_on(ordered, on)
    if current is None:
        return None
    since, first = current.started_on, current
    for previous in reversed(ordered[: ordered.index(current)]):
        if first.reason_new_episode == NEW_PERIOD_OF_CARE:
            break
        if previous.ended_on is not None and previous.ended_on < since:
            break
        since, first = min(since, previous.started_on), previous
    return since


def time_in_care_band(since: D | None, on: D) -> str:
    if since is None:
        return ""
    days = (on - since).days
    for limit, label in ((365, "under 1 year"), (730, "1 to 2 years"), (1826, "2 to 5 years")):
        if days < limit:
            return label
    return "5 years or more"
