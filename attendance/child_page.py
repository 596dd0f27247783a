"""What the child's attendance page shows: this term and the year to date, code counts, a
calendar of the year's marks and a month-by-month trend."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field

from attendance.catalogue import Catalogue
from attendance.exclusions import child_exclusions
from attendance.measures import Tally, child_measures
from attendance.models import Category, SessionMark
from authorities.terms import academic_year_start, term_on
from core.charts import Bar, bar_chart_svg

ONE_DAY = datetime.timedelta(days=1)
CATEGORY_CLASS = {
    Category.PRESENT: "present",
    Category.APPROVED: "approved",
    Category.AUTHORISED: "authorised",
    Category.UNAUTHORISED: "unauthorised",
    Category.NOT_POSSIBLE: "not-possible",
    Category.NO_MARK: "no-mark",
}


@dataclass
class Day:
    date: datetime.date
    marks: list[tuple[str, str, str]] = field(default_factory=list)  # (session, code, class)


@dataclass
class Month:
    name: str
    weeks: list[list[Day | None]]
    tally: Tally


def attendance_summary(child, today: datetime.date) -> dict:
    """This term and the school year to date, and exclusions: the child record's section."""
    start = academic_year_start(child.la, today)
    term = term_on(child.la, today)
    return {
        "year_start": start,
        "term": term,
        "this_term": child_measures(child, term.starts_on if term else start, today),
        "year": child_measures(child, start, today),
        "exclusions": child_exclusions(child, today),
    }


def child_attendance(child, today: datetime.date) -> dict:
    summary = attendance_summary(child, today)
    start, year = summary["year_start"], summary["year"]
    marks = list(
        SessionMark.objects.filter(child_id=child.pk, date__range=(start, today))
        .order_by("date", "session")
        .values_list("date", "session", "code", "category")
    )
    months = _months(marks, start, today)
    catalogue = Catalogue.load()
    return {
        **summary,
        "codes": [(code, catalogue.meaning(code), n) for code, n in sorted(year.codes.items())],
        "months": months,
        "chart": bar_chart_svg(
            [Bar(m.name[:3], m.tally.attendance_rate) for m in months],
            title="Attendance by month, this school year",
            reference=None,
        ),
        "history": _recent_changes(child),
    }


def _months(marks, start: datetime.date, end: datetime.date) -> list[Month]:
    by_day: dict[datetime.date, Day] = {}
    tallies: dict[tuple[int, int], Tally] = {}
    for day, session, code, category in marks:
        by_day.setdefault(day, Day(day)).marks.append((session, code, CATEGORY_CLASS[category]))
        tallies.setdefault((day.year, day.month), Tally()).add_category(category, 1)
    months, first = [], start.replace(day=1)
    while first <= end:
        key = (first.year, first.month)
        weeks = _weeks(first, by_day, start, end)
        months.append(
            Month(
                f"{calendar.month_name[first.month]} {first.year}", weeks, tallies.get(key, Tally())
            )
        )
        first = (first + 32 * ONE_DAY).replace(day=1)
    return months


def _weeks(first, by_day, start, end) -> list[list[Day | None]]:
    """Monday-to-Friday rows for the month; days outside it or the range are blank."""
    weeks = []
    for week in calendar.Calendar().monthdatescalendar(first.year, first.month):
        row = [
            (by_day.get(d) or Day(d)) if d.month == first.month and start <= d <= end else None
            for d in week[:5]
        ]
        if any(row):
            weeks.append(row)
    return weeks


def _recent_changes(child):
    from attendance.models import SessionMarkChange

    return SessionMarkChange.objects.filter(child_id=child.pk).select_related("changed_by")[:20]
