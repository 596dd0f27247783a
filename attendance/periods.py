"""Periods of an LA's calendar for the coarse attendance tallies: each term, each holiday
between terms, and, outside any term, school years from 1 September. Every date falls in exactly
one period, so a mark's period is known when it is written."""

from __future__ import annotations

import bisect
import datetime

D = datetime.date
ONE_DAY = datetime.timedelta(days=1)
YEARS = range(1990, 2101)


class Periods:
    def __init__(self, terms: list[tuple[D, D]]):
        bounds = {D(year, 9, 1) for year in YEARS}
        for start, end in terms:
            bounds.add(start)
            bounds.add(end + ONE_DAY)
        self.bounds = sorted(bounds)
        self._cache: dict[D, tuple[D, D]] = {}

    @classmethod
    def for_la(cls, la) -> Periods:
        if la is None:
            return cls([])
        return cls(list(la.terms.values_list("starts_on", "ends_on")))

    def of(self, day: D) -> tuple[D, D]:
        """The (first, last) day of the period containing `day`."""
        found = self._cache.get(day)
        if found is None:
            i = bisect.bisect_right(self.bounds, day) - 1
            found = self._cache[day] = (self.bounds[i], self.bounds[i + 1] - ONE_DAY)
        return found

    def whole_inside(self, start: D, end: D) -> tuple[D, D] | None:
        """The first and last day of the run of whole periods inside [start, end], if any."""
        i = bisect.bisect_left(self.bounds, start)
        j = bisect.bisect_right(self.bounds, end + ONE_DAY) - 1
        if i >= j:
            return None
        return self.bounds[i], self.bounds[j] - ONE_DAY

    def spans(self, start: D, end: D) -> list[tuple[D, D]]:
        """The periods overlapping [start, end], whole."""
        out, day = [], self.of(start)[0]
        while day <= end:
            first, last = self.of(day)
            out.append((first, last))
            day = last + ONE_DAY
        return out
