"""Who a child is to the Virtual School on a day, beyond "looked after": previously looked
after (left care by adoption, a special guardianship order or a child arrangements order) or a
care leaver. One rule each, read by enrichment's eligibility (and anything else that asks).

- Previously looked-after (Children Act 1989 s.23ZZA, as the DfE's pupil premium guidance
  reads it): ceased to be looked after in England because of an adoption order (SSDA903 REC
  E11, E12), a special guardianship order (E45 to E48) or a child arrangements order settling
  with whom the child lives (E41, formerly a residence order).
- Care leaver (Children Act 1989 Sch. 2 para 19B, and s.23A and s.23C): an "eligible child" is
  looked after for a period of 13 weeks, or periods amounting in total to 13 weeks, which began
  after they reached 14 and ended after they reached 16; once no longer looked after they are a
  relevant child (16, 17) and then a former relevant child (to 21, or 25 for advice). Pre-planned
  short breaks do not count towards the 13 weeks (Care Planning Regulations 2010, reg. 48).
  Days are counted by the roll's rule: looked after from DECOM to the day before DEC.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from children.roll.rules import birthday, counts_as_looked_after, looked_after_on

PLAC_REASONS = frozenset({"E11", "E12", "E41", "E45", "E46", "E47", "E48"})
# Care ended because the child died or another LA took over: not this LA's care leaver.
NOT_OUR_LEAVER = frozenset({"E2", "E3"})
THIRTEEN_WEEKS = 13 * 7
CARE_LEAVER_UNTIL = 25  # a former relevant child may have a personal adviser to 25
ONE_DAY = datetime.timedelta(days=1)


def _last_episode(episodes: list, day: datetime.date):
    ended = [e for e in episodes if e.ended_on is not None and e.ended_on <= day]
    return max(ended, key=lambda e: (e.ended_on, e.started_on), default=None)


def previously_looked_after_on(episodes: Iterable, day: datetime.date) -> bool:
    episodes = list(episodes)
    if looked_after_on(episodes, day, short_breaks=True):
        return False
    last = _last_episode(episodes, day)
    return last is not None and last.reason_ceased in PLAC_REASONS


def days_looked_after_between(episodes: Iterable, first: datetime.date, last: datetime.date) -> int:
    """Days from `first` to `last` inclusive on which the child was looked after (short breaks
    left out); overlapping episodes count a day once."""
    days: set[datetime.date] = set()
    for e in episodes:
        if not counts_as_looked_after(e):
            continue
        start = max(e.started_on, first)
        end = min((e.ended_on - ONE_DAY) if e.ended_on else last, last)
        days.update(start + ONE_DAY * n for n in range((end - start).days + 1))
    return len(days)


def care_leaver_on(dob: datetime.date, episodes: Iterable, day: datetime.date) -> bool:
    """Not looked after on the day, under 25, and an eligible child when care ended: 13 weeks
    in total since 14, the last of them on or after the 16th birthday."""
    episodes = list(episodes)
    if looked_after_on(episodes, day) or day >= birthday(dob, CARE_LEAVER_UNTIL):
        return False
    last = _last_episode(episodes, day)
    if last is None or last.reason_ceased in PLAC_REASONS | NOT_OUR_LEAVER:
        return False
    sixteen, until = birthday(dob, 16), last.ended_on - ONE_DAY  # care's last day
    if until < sixteen or days_looked_after_between(episodes, sixteen, until) == 0:
        return False
    return days_looked_after_between(episodes, birthday(dob, 14), until) >= THIRTEEN_WEEKS


def care_group_on(child, day: datetime.date) -> str | None:
    """'cla', 'plac', 'care_leavers' (enrichment's GROUPS), or None."""
    episodes = list(child.episodes.all())
    short_breaks = child.la.count_short_breaks_as_looked_after
    if looked_after_on(episodes, day, short_breaks=short_breaks):
        return "cla"
    if previously_looked_after_on(episodes, day):
        return "plac"
    if care_leaver_on(child.date_of_birth, episodes, day):
        return "care_leavers"
    return None
