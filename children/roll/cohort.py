"""Cohort views of the roll: counts by key stage and year group, in or out of the LA, UASC and
time in care, for the children on the roll on a day that the user may see."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from children.roll.loader import RollEntry, iter_roll_entries
from children.roll.rules import KEY_STAGES, LOCATION_LABELS, key_stage, time_in_care_band

BANDS = ("under 1 year", "1 to 2 years", "2 to 5 years", "5 years or more")


@dataclass
class Cohort:
    total: int = 0
    by_key_stage: Counter = field(default_factory=Counter)
    by_year: Counter = field(default_factory=Counter)
    by_location: Counter = field(default_factory=Counter)
    uasc: int = 0
    by_time_in_care: Counter = field(default_factory=Counter)

    @property
    def key_stage_rows(self):
        return [(label, self.by_key_stage[code]) for code, label, _, _ in KEY_STAGES]

    @property
    def year_rows(self):
        return sorted(self.by_year.items())

    @property
    def location_rows(self):
        # A property, not .items in the template: a Counter answers 0 for the key "items".
        return sorted(self.by_location.items())

    @property
    def time_rows(self):
        return [(band, self.by_time_in_care[band]) for band in BANDS]


def cohort(children, day: datetime.date, *, whole=()) -> Cohort:
    """The cohort of `children` (a Child queryset) on `day`. For today, counted in the database
    from the dashboard's kept lines (reports.kept_lines: each child's year group, time in care,
    UASC and school's LA by the same rules, kept): from each child's roll entry it took 4 s
    for a 25,000-child LA. Another day is worked out from the roll entries. `whole`: LAs
    whose every child is in `children` (core.kept.kept_scope)."""
    from django.utils import timezone

    if day == timezone.localdate():
        from reports.kept_lines import kept_cohort_counts

        return _counted(*kept_cohort_counts(children, day, whole), day)
    return cohort_from_entries(children, day)


def cohort_from_entries(children, day: datetime.date) -> Cohort:
    """The cohort worked out from each child's roll entry (any day)."""
    result = Cohort()
    for entry in iter_roll_entries(children, day):
        _add(result, entry, day)
    return result


def _counted(years, since, location, day: datetime.date) -> Cohort:
    """A Cohort from counts: (NC year, children, UASC of them), (looked after since, children)
    and (whether at a school in the child's LA, children), a key in several rows added up."""
    result = Cohort()
    for nc, n, uasc in years:
        result.total += n
        result.by_key_stage[key_stage(nc)] += n
        result.by_year[nc] += n
        result.uasc += uasc
    for started, n in since:
        result.by_time_in_care[time_in_care_band(started, day)] += n
    for in_la, n in location:
        if n:  # as from the entries: a place no child is at is not a row
            result.by_location[LOCATION_LABELS[in_la]] += n
    return result


def _add(result: Cohort, entry: RollEntry, day: datetime.date) -> None:
    child = entry.child
    result.total += 1
    result.by_key_stage[key_stage(entry.nc_year)] += 1
    result.by_year[entry.nc_year] += 1
    result.by_location[entry.location_label] += 1
    result.uasc += child.is_uasc
    result.by_time_in_care[time_in_care_band(entry.looked_after_since, day)] += 1
