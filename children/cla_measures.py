"""The DfE's definitions for children looked after, written once (docs/data-formats.md, "DfE
definitions"). Each takes a child's care episodes (objects or rows with started_on, ended_on,
legal_status, reason_new_episode, reason_ceased) and a collection year (named by the year it ends
in: 2025 is 1 April 2024 to 31 March 2025). The dashboard, reports, API and `cla_measures` read
these; "looked after on a day" is the roll's rule (children/roll/rules.py: `looked_after_on`,
and in the database `Child.objects.looked_after_on`).

- Looked after on a day: an episode with DECOM <= day and DEC blank or after it, leaving out
  short breaks (V3/V4) unless the LA counts them.
- Looked after continuously for 12 months at 31 March: looked after on every day of the year,
  and in the year no episode under V3 or V4, no episode ending for a reason other than X1 (the
  child stayed looked after) and no episode starting with RNE S (a new period of care).
- Placements during the year (the "3 or more placements" measure, for children looked after at
  31 March): the placement held when the year began or first started in it, and one more for
  each episode starting in the year for any reason but a change of legal status only (RNE L);
  short-break episodes are not placements here.
- Long-term stability at 31 March: under 16, looked after on every day of the last 2.5 years
  in one period of care (no episode starting S and none ending for a reason other than X1 in
  that time), and holding the same placement on every day of the last 2 years (a
  legal-status-only change, RNE L, keeps the placement; of overlapping episodes the
  later-starting holds).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from children.importers.ssda903_year import year_bounds
from children.roll.rules import NEW_PERIOD_OF_CARE, age_on, episode_on, looked_after_on
from children.roll.rules import SHORT_BREAK_LEGAL_STATUSES as SHORT_BREAKS

STAYS_LOOKED_AFTER = "X1"  # REC: the episode ended but the child is still looked after

LEGAL_STATUS_ONLY = "L"  # RNE: the same placement under a new legal status


def in_year(episodes: Iterable, year: int) -> list:
    """Episodes open on some day of the year, or ending on its first day, in start order."""
    start, end = year_bounds(year)
    return sorted(
        (
            e
            for e in episodes
            if e.started_on <= end and (e.ended_on is None or e.ended_on >= start)
        ),
        key=lambda e: e.started_on,
    )


def _covers(episodes: Sequence, start: datetime.date, end: datetime.date) -> bool:
    """Every day from start to end has an open episode (episodes in start order)."""
    reached = start  # the first day not yet known to be covered
    for e in episodes:
        if e.started_on > reached:
            return False
        if e.ended_on is None:
            return True
        reached = max(reached, e.ended_on)
        if reached > end:
            return True
    return False


def continuously_looked_after_12_months(episodes: Iterable, year: int) -> bool:
    start, end = year_bounds(year)
    year_episodes = in_year(episodes, year)
    if not year_episodes or not _covers(year_episodes, start, end):
        return False
    for e in year_episodes:
        if e.legal_status in SHORT_BREAKS:
            return False
        ended_in_year = e.ended_on is not None and start <= e.ended_on <= end
        if ended_in_year and e.reason_ceased != STAYS_LOOKED_AFTER:
            return False
        if start < e.started_on <= end and e.reason_new_episode == NEW_PERIOD_OF_CARE:
            return False
    return True


def _same_placement(before, after) -> bool:
    return after.reason_new_episode == LEGAL_STATUS_ONLY and before.ended_on == after.started_on


def placements_in_year(episodes: Iterable, year: int) -> int:
    start, _ = year_bounds(year)
    held = [
        e
        for e in in_year(episodes, year)
        if e.legal_status not in SHORT_BREAKS and (e.ended_on is None or e.ended_on > start)
    ]
    return sum(i == 0 or not _same_placement(held[i - 1], e) for i, e in enumerate(held))


def _months_before(day: datetime.date, months: int) -> datetime.date:
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    for d in (day.day, 30, 29, 28):  # the same day of the month, or the month's last
        try:
            return datetime.date(year, month + 1, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _chain_start(ordered: list, i: int, follows_on) -> datetime.date:
    """Walk back from ordered[i] while each episode follows on from the one before (for a
    placement: a legal-status-only change starting the day the last ended)."""
    while i > 0 and follows_on(ordered[i - 1], ordered[i]):
        i -= 1
    return ordered[i].started_on


def long_term_stable(episodes: Iterable, dob: datetime.date, year: int) -> bool:
    """Checked at the days anything changes (an episode's start or end), which is exact: who
    holds, and whether the child is looked after, change only then."""
    _, day = year_bounds(year)
    if age_on(dob, day) >= 16:
        return False
    episodes = sorted(episodes, key=lambda e: e.started_on)
    held = [e for e in episodes if e.legal_status not in SHORT_BREAKS]
    care_from, placed_from = _months_before(day, 30), _months_before(day, 24)
    return (
        _covers(held, care_from, day)
        and not _period_of_care_broken(episodes, care_from, day)
        and len(_placements_held(held, placed_from, day)) == 1
    )


def _period_of_care_broken(episodes: list, after: datetime.date, until: datetime.date) -> bool:
    """A new period of care began (RNE S), or one ended for a reason other than X1, after
    `after` (an end that a later-starting episode had already taken over from does not count)."""
    for e in episodes:
        if after < e.started_on <= until and e.reason_new_episode == NEW_PERIOD_OF_CARE:
            return True
        ended = e.ended_on is not None and after < e.ended_on <= until
        taken_over = any(e.started_on < o.started_on < (e.ended_on or until) for o in episodes)
        if ended and e.reason_ceased != STAYS_LOOKED_AFTER and not taken_over:
            return True
    return False


def _placements_held(held: list, first: datetime.date, last: datetime.date) -> set:
    """The placements (by the episode each began with) holding on any day from first to last."""
    changes = {first} | {d for e in held for d in (e.started_on, e.ended_on) if d}
    out = set()
    for d in sorted(c for c in changes if first <= c <= last):
        holder = episode_on(held, d)
        out.add(None if holder is None else _chain_start(held, held.index(holder), _same_placement))
    return out


@dataclass(frozen=True)
class Measures:
    child_id: str
    looked_after_on_31_march: bool
    continuously_looked_after_12_months: bool
    placements_in_year: int
    long_term_stable: bool


def measures_for(child_id: str, dob, episodes: Sequence, year: int, *, short_breaks=False):
    _, march_31 = year_bounds(year)
    return Measures(
        child_id,
        looked_after_on(episodes, march_31, short_breaks=short_breaks),
        continuously_looked_after_12_months(episodes, year),
        placements_in_year(episodes, year),
        long_term_stable(episodes, dob, year),
    )


def la_measures(la, year: int) -> list[Measures]:
    """Every child looked after at any time in the year (any legal status, as the return
    carries them), sorted by child id, in two queries."""
    from children.models import CareEpisode, Child

    _, end = year_bounds(year)
    episodes: dict[int, list] = {}
    rows = CareEpisode.objects.filter(child__la=la, started_on__lte=end).only(
        "child_id", "started_on", "ended_on", "legal_status", "reason_new_episode", "reason_ceased"
    )
    for e in rows:
        episodes.setdefault(e.child_id, []).append(e)
    children = Child.objects.filter(
        pk__in=[pk for pk, eps in episodes.items() if in_year(eps, year)]
    )
    short = la.count_short_breaks_as_looked_after
    return sorted(
        (
            measures_for(c.la_child_id, c.date_of_birth, episodes[c.pk], year, short_breaks=short)
            for c in children.only("pk", "la_child_id", "date_of_birth")
        ),
        key=lambda m: m.child_id,
    )
