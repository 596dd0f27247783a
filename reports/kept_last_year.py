"""The dashboard's attendance "same period last year", kept per child for today (core.kept has
the rule for keeping them true): for the dashboard as it opens (this term so far), each child's
tally over the same term a year earlier to the same day, for the children on the roll on that
day. After a change to one child the dashboard reads these instead of working out every child's
measures for last year again; any other period is worked out (reports.outcomes)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from attendance.kept_lines import TALLY, attended_rows
from attendance.measures import Attended, Tally, measures
from children.roll.groups import Filters, cohort_ids
from core.kept import Keeper, kept_current, kept_las
from imports.upsert import insert_rows
from reports.models import KeptLastYearLine
from reports.periods import Period, period_from_key

WHAT = "dashboard_last_year"


def last_year_window(la, period: Period, as_of: datetime.date):
    """(start, end) of the same period a year earlier, to the same day; None if it has none."""
    earlier = period.last_year(la)
    if earlier is None:
        return None
    end = min(earlier.end, a_year_before(as_of))
    return None if end < earlier.start else (earlier.start, end)


def a_year_before(day: datetime.date) -> datetime.date:
    """The same date a year earlier; 29 February becomes the 28th."""
    if (day.month, day.day) == (2, 29):
        return day.replace(year=day.year - 1, day=28)
    return day.replace(year=day.year - 1)


def kept_last_year(la, window, as_of: datetime.date) -> dict[int, Attended] | None:
    """Each child's Attended (attendance.measures) over `window` from the kept lines, when
    they hold it (the dashboard as it opens, kept for today); None otherwise."""
    if as_of != timezone.localdate() or window != _kept_window(la, as_of):
        return None
    kept_current(WHAT, {la.pk}, as_of)
    return attended_rows(KeptLastYearLine.objects.filter(la=la), la)


def _kept_window(la, day: datetime.date):
    period = period_from_key(la, None, day)
    return last_year_window(la, period, day) if period is not None else None


def _store(children, day: datetime.date) -> int:
    made = 0
    for la in kept_las(children):
        window = _kept_window(la, day)
        if window is None:
            continue
        start, end = window
        ids = cohort_ids(la, end, Filters()).filter(pk__in=children.values("pk"))
        rows = [_line(la, pk, window, tally) for pk, tally in measures(ids, start, end).items()]
        made += len(insert_rows(KeptLastYearLine, rows))
    return made


def _line(la, child_id: int, window, tally: Tally) -> dict:
    start, end = window
    counts = {name: getattr(tally, name) for name in TALLY}
    return dict(la_id=la.pk, child_id=child_id, starts_on=start, ends_on=end, **counts)


def _clear(children) -> None:
    KeptLastYearLine.objects.filter(child__in=children.values("pk")).delete()


def _marks_changed(children, day: datetime.date, dates) -> None:
    """After the marks writer alone: the lines change only where a mark written falls inside
    last year's window (a correction to last year's register), never for a day this term, so
    an import of today's marks leaves them be."""
    first, last = dates
    for la in kept_las(children):
        window = _kept_window(la, day)
        if window is not None and first <= window[1] and last >= window[0]:
            ours = children.filter(la=la)
            _clear(ours)
            _store(ours, day)


def keeper() -> Keeper:
    from attendance.models import SessionMark, TermSummary
    from authorities.models import ClosureDay, LocalAuthority, Term
    from children.models import CareEpisode, Child

    return Keeper(WHAT, _store, _clear, KeptLastYearLine,
                  child_models=(Child, SessionMark, TermSummary, CareEpisode),
                  la_models=(Term, ClosureDay, LocalAuthority),
                  changed_only=SessionMark, refresh_changed=_marks_changed)  # fmt: skip
