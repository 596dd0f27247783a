"""Attendance measures, one implementation for every page, report, export and API
(attendance.md, "Measures"). Counts come from the coarsest tallies that fit: the term (and
holiday) tallies for whole periods of the LA's calendar inside the range, the weekly tallies for
whole weeks in what is left, and the marks themselves for the part-weeks at either end; plus
termly census summaries for terms the range covers in which a child has no daily marks."""

from __future__ import annotations

import datetime
import functools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Sum
from django.db.models.expressions import CombinedExpression
from django.db.models.lookups import GreaterThan, GreaterThanOrEqual

from attendance.models import AttendancePeriod, AttendanceWeek, Category, SessionMark, TermSummary
from attendance.periods import Periods
from attendance.writer import WEEK_COLUMNS
from core.sql import one_of

ONE_DAY = datetime.timedelta(days=1)


@dataclass(slots=True, eq=False)
class Tally:
    """Sessions by category for one child (or a whole cohort, added together)."""

    present: int = 0  # includes approved off-site activity
    approved: int = 0
    authorised: int = 0
    unauthorised: int = 0
    not_possible: int = 0
    no_mark: int = 0
    # The codes counted, where asked for (`codes`). Made on first use: a Counter for each of a
    # grown roll's 45,000 kept tallies a dashboard reads was an eighth of its time.
    _codes: Counter | None = field(default=None, repr=False)

    @property
    def codes(self) -> Counter:
        if self._codes is None:
            self._codes = Counter()
        return self._codes

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Tally):
            return NotImplemented
        return _counts(self) == _counts(other) and (self._codes or {}) == (other._codes or {})

    @property
    def possible(self) -> int:
        return self.present + self.authorised + self.unauthorised

    @property
    def absent(self) -> int:
        return self.authorised + self.unauthorised

    @property
    def marks(self) -> int:
        return self.possible + self.not_possible + self.no_mark

    @property
    def attendance_rate(self) -> Decimal | None:
        return _rate(self.present, self.possible)

    @property
    def absence_rate(self) -> Decimal | None:
        return _rate(self.absent, self.possible)

    def persistent(self, percent: Decimal = Decimal(10)) -> bool:
        """Absence of `percent`% or more of possible sessions (absent_at_least)."""
        return absent_at_least(percent)(self)

    def severe(self, percent: Decimal = Decimal(50)) -> bool:
        return self.persistent(percent)

    def add(self, other: Tally) -> None:
        for name in ("present", "approved", "authorised", "unauthorised", "not_possible"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.no_mark += other.no_mark
        if other._codes:
            self.codes.update(other._codes)

    def add_category(self, category: int, n: int) -> None:
        if category in (Category.PRESENT, Category.APPROVED):
            self.present += n
            self.approved += n if category == Category.APPROVED else 0
        elif category == Category.AUTHORISED:
            self.authorised += n
        elif category == Category.UNAUTHORISED:
            self.unauthorised += n
        elif category == Category.NOT_POSSIBLE:
            self.not_possible += n
        else:
            self.no_mark += n


def _counts(tally: Tally) -> tuple[int, ...]:
    return tuple(getattr(tally, name) for name in COUNTS)


@functools.cache
def absent_at_least(percent: Decimal) -> Callable[[Tally], bool]:
    """The test "absent for `percent`% or more of possible sessions" (none possible: False),
    exact, with no rounding: in whole numbers, the percent as its exact ratio. Made once for a
    cohort's tallies (a grown roll's dashboard tests 45,000 twice)."""
    num, den = _ratio(percent)

    def test(t: Tally) -> bool:
        possible = t.present + t.authorised + t.unauthorised
        return bool(possible) and (t.authorised + t.unauthorised) * 100 * den >= num * possible

    return test


def absence_flags(la) -> Callable[[Tally], tuple[bool, bool]]:
    """(persistently absent, severely absent) by the LA's thresholds, as one test made once
    for many tallies."""
    persistent = absent_at_least(la.persistent_absence_percent)
    severe = absent_at_least(la.severe_absence_percent)
    return lambda t: (persistent(t), severe(t))


def absent_at_least_db(percent: Decimal) -> ExpressionWrapper:
    """absent_at_least's database form, over a row's tally columns (attendance.models.
    TallyColumns): the same whole-number test, so a grown roll's flags come with its rows."""
    num, den = _ratio(percent)
    absent, possible = F("authorised") + F("unauthorised"), possible_db()
    test = GreaterThan(possible, 0) & GreaterThanOrEqual(absent * (100 * den), possible * num)
    return ExpressionWrapper(test, output_field=BooleanField())


def possible_db() -> CombinedExpression:
    """Tally.possible's database form, over a row's tally columns."""
    return F("present") + F("authorised") + F("unauthorised")


def absence_flags_db(la) -> tuple[ExpressionWrapper, ExpressionWrapper]:
    """absence_flags' database form: (persistently absent, severely absent) by the LA's
    thresholds, as two columns to read beside the tallies."""
    return (absent_at_least_db(la.persistent_absence_percent),
            absent_at_least_db(la.severe_absence_percent))  # fmt: skip


# What a cohort's attendance figures count of each child: (sessions present, possible
# sessions, persistently absent, severely absent).
Attended = tuple[int, int, bool, bool]


def attended(la) -> Callable[[Tally], Attended]:
    """A tally's Attended by the LA's thresholds, as one function made once for many."""
    flags = absence_flags(la)
    return lambda t: (t.present, t.possible, *flags(t))


def attended_db(la) -> tuple:
    """attended's database form: its four values as columns over a row's tally columns, so
    that a grown roll's kept lines are counted without a tally or a test each in Python."""
    return (F("present"), possible_db(), *absence_flags_db(la))


def _ratio(percent: Decimal) -> tuple[int, int]:
    return Decimal(percent).as_integer_ratio()


def _rate(part: int, whole: int) -> Decimal | None:
    return Decimal(part) / Decimal(whole) if whole else None


def rate_text(rate: Decimal | None, places: int = 4) -> str:
    """A rate as a fraction rounded half up, e.g. 0.9125; blank when there were no sessions."""
    if rate is None:
        return ""
    return str(rate.quantize(Decimal(1).scaleb(-places), rounding="ROUND_HALF_UP"))


def percent_text(rate: Decimal | None) -> str:
    if rate is None:
        return "No sessions"
    return f"{(rate * 100).quantize(Decimal('0.1'), rounding='ROUND_HALF_UP')}%"


def measures(
    children, start: datetime.date, end: datetime.date, *, with_codes: bool = False
) -> dict[int, Tally]:
    """Tallies for each child with any mark from `start` to `end` (both included). `children`
    is a queryset of Child or a list of ids."""
    # A list of ids goes as one array parameter (core.sql.one_of), not a placeholder each:
    # 25,000 of them were most of a bulk refresh's time in psycopg and Django's SQL building.
    ids = children.values("pk") if hasattr(children, "values") else one_of(children)
    tallies: dict[int, Tally] = {}
    for la, la_ids in _by_la(children):
        rest = [(start, end)]
        whole = Periods.for_la(la).whole_inside(start, end)
        if whole is not None:
            _add_periods(tallies, la_ids, *whole)
            rest = [(start, whole[0] - ONE_DAY), (whole[1] + ONE_DAY, end)]
        for a, b in rest:
            if a <= b:
                _add_weeks_and_marks(tallies, la_ids, a, b)
    if with_codes:
        _add_codes(tallies, ids, start, end)
    _add_census(tallies, ids, start, end, with_codes)
    return tallies


def _by_la(children):
    """(la, children of that LA as a subquery or list): periods follow each LA's terms."""
    from authorities.models import LocalAuthority

    if hasattr(children, "values"):
        la_ids = set(children.order_by().values_list("la_id", flat=True).distinct())
        for la in LocalAuthority.objects.filter(pk__in=la_ids):
            yield la, children.filter(la_id=la.pk).values("pk")
        return
    from children.models import Child

    by_la: dict[int, list[int]] = {}
    # In no order: the default (by name) sorted 25,000 rows for a grouping.
    rows = Child.objects.filter(pk__in=one_of(children)).order_by().values_list("pk", "la_id")
    for pk, la_id in rows:
        by_la.setdefault(la_id, []).append(pk)
    for la in LocalAuthority.objects.filter(pk__in=list(by_la)):
        yield la, one_of(by_la[la.pk])


def _add_weeks_and_marks(tallies, ids, start: datetime.date, end: datetime.date) -> None:
    first, last = _whole_weeks(start, end)
    if first <= last:
        _add_weeks(tallies, ids, first, last)
        edges = [(start, first - ONE_DAY), (last + 7 * ONE_DAY, end)]
    else:
        edges = [(start, end)]
    _add_marks(tallies, ids, [(a, b) for a, b in edges if a <= b])


def _add_periods(tallies, ids, first: datetime.date, last: datetime.date) -> None:
    rows = (
        AttendancePeriod.objects.filter(child_id__in=ids, starts_on__gte=first, ends_on__lte=last)
        .values("child_id")
        .annotate(**{f"n_{c}": Sum(c) for c in WEEK_COLUMNS})
        .values_list("child_id", *[f"n_{c}" for c in WEEK_COLUMNS])
    )
    _add_rows(tallies, rows)


def child_measures(child, start: datetime.date, end: datetime.date) -> Tally:
    return measures([child.pk], start, end, with_codes=True).get(child.pk, Tally())


# A tally's counts, in Tally's order (the kept lines' columns: attendance.models.TallyColumns).
COUNTS = ("present", "approved", "authorised", "unauthorised", "not_possible", "no_mark")


def _whole_weeks(start: datetime.date, end: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last Mondays of the Monday-to-Sunday weeks wholly inside the range."""
    first = start + datetime.timedelta(days=(7 - start.weekday()) % 7)
    sunday = end - datetime.timedelta(days=(end.weekday() + 1) % 7)
    return first, sunday - 6 * ONE_DAY


def _add_weeks(tallies, ids, first, last) -> None:
    rows = (
        AttendanceWeek.objects.filter(child_id__in=ids, week_start__range=(first, last))
        .values("child_id")
        .annotate(**{f"n_{c}": Sum(c) for c in WEEK_COLUMNS})
        .values_list("child_id", *[f"n_{c}" for c in WEEK_COLUMNS])
    )
    _add_rows(tallies, rows)


def _add_rows(tallies, rows) -> None:
    for child_id, present, approved, authorised, unauthorised, not_possible, no_mark in rows:
        tally = tallies.get(child_id)
        if tally is None:
            tally = tallies[child_id] = Tally()
        tally.present += present + approved
        tally.approved += approved
        tally.authorised += authorised
        tally.unauthorised += unauthorised
        tally.not_possible += not_possible
        tally.no_mark += no_mark


def _add_marks(tallies, ids, edges) -> None:
    """Category counts from the marks themselves for the part-weeks at either end."""
    if not edges:
        return
    # The days themselves (at most twelve), not ranges joined by OR: with OR, PostgreSQL's
    # index on (child, date) found each child but not the days, and read every mark the child
    # had (31,000 children's part-weeks, measured with the machine busy: 1.35 s against 0.61 s).
    days = [a + ONE_DAY * n for a, b in edges for n in range((b - a).days + 1)]
    rows = (
        SessionMark.objects.filter(date__in=days, child_id__in=ids)
        .values("child_id", "category")
        .annotate(n=Count("*"))
        .values_list("child_id", "category", "n")
    )
    for child_id, category, n in rows:
        tallies.setdefault(child_id, Tally()).add_category(category, n)


def _add_codes(tallies, ids, start, end) -> None:
    """Per-code counts (the weekly tallies hold categories only), for small cohorts."""
    rows = (
        SessionMark.objects.filter(child_id__in=ids, date__range=(start, end))
        .values("child_id", "code")
        .annotate(n=Count("*"))
        .values_list("child_id", "code", "n")
    )
    for child_id, code, n in rows:
        tallies[child_id].codes[code] += n


def _add_census(tallies, ids, start, end, with_codes: bool) -> None:
    """Census summaries for terms inside the range, for children with no marks in that term."""
    marked = SessionMark.objects.filter(
        child_id=OuterRef("child_id"),
        date__gte=OuterRef("term__starts_on"),
        date__lte=OuterRef("term__ends_on"),
    )
    summaries = (
        TermSummary.objects.filter(
            child_id__in=ids, term__starts_on__gte=start, term__ends_on__lte=end
        )
        .exclude(Exists(marked))
        .values_list("child_id", "sessions_possible", "authorised", "unauthorised", "codes")
    )
    for child_id, possible, authorised, unauthorised, codes in summaries:
        tally = tallies.setdefault(child_id, Tally())
        tally.present += possible - authorised - unauthorised
        tally.authorised += authorised
        tally.unauthorised += unauthorised
        if with_codes:
            tally.codes.update(codes)
