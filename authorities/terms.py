"""Term dates: a typical English calendar for a new LA (editable by import_calendar), and the
term a day falls in. Half-term weeks are closure days inside the term."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.db import transaction

from authorities.calendar import _easter, _last_monday, is_working_day
from authorities.models import ClosureDay, LocalAuthority, Term
from children.roll.rules import school_year
from imports.parsing import parse_date
from imports.problems import Report
from imports.tables import has_columns, read_csv

D = datetime.date
WEEK = datetime.timedelta(days=7)
TERM_NAMES = {name.value for name in Term.Name}


def _weekday_on_or_after(day: D, weekday: int) -> D:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def typical_calendar(year: int) -> tuple[list[tuple[str, D, D]], list[tuple[D, str]]]:
    """Terms and half-term closures for the school year starting in September `year`."""
    easter_monday = _easter(year + 1) + datetime.timedelta(days=1)
    autumn = (_weekday_on_or_after(D(year, 9, 2), 2), _weekday_on_or_after(D(year, 12, 15), 4))
    spring = (_weekday_on_or_after(D(year + 1, 1, 5), 0), easter_monday - 10 * ONE)
    summer = (easter_monday + WEEK, _weekday_on_or_after(D(year + 1, 7, 16), 4))
    halves = [
        _last_monday(year, 10),
        _weekday_on_or_after(D(year + 1, 2, 15), 0),
        _last_monday(year + 1, 5),
    ]
    closures = [(monday + i * ONE, "Half-term") for monday in halves for i in range(5)]
    terms = [("autumn", *autumn), ("spring", *spring), ("summer", *summer)]
    return terms, [(d, why) for d, why in closures if is_working_day(d)]


ONE = datetime.timedelta(days=1)


@transaction.atomic
def calendar_set_typical(*, la: LocalAuthority, years: list[int]) -> None:
    """Give an LA a typical calendar for these school years, keeping any terms it has (a year
    that already has terms, e.g. imported, is left as it is)."""
    added = False
    have = set(la.terms.values_list("academic_year", flat=True))
    for year in (y for y in years if y not in have):
        terms, closures = typical_calendar(year)
        for name, start, end in terms:
            _, created = Term.objects.get_or_create(
                la=la, academic_year=year, name=name, defaults={"starts_on": start, "ends_on": end}
            )
            added |= created
        for day, why in closures:
            ClosureDay.objects.get_or_create(la=la, date=day, defaults={"description": why})
    if added:
        _terms_changed(la)


def _terms_changed(la: LocalAuthority) -> None:
    """Attendance tallies by term follow the terms: recount them. (The kept alerts follow each
    saved term or closure by signal: attendance.apps.)"""
    from attendance.writer import tallies_rebuild

    tallies_rebuild(la=la)


def term_on(la: LocalAuthority, day: D) -> Term | None:
    """The term `day` falls in, or else the last term that began before it (a holiday)."""
    return la.terms.filter(starts_on__lte=day).order_by("-starts_on").first()


def term_or_typical(la: LocalAuthority, day: D) -> Term:
    """The LA's term for `day`, or, where it has none, the typical calendar's (not saved) so
    that a clock never stops for want of term dates."""
    year = school_year(day)
    stored = term_on(la, day)
    if stored is not None and la.terms.filter(academic_year=year).exists():
        return stored
    typical = [Term(la=la, academic_year=y, name=n, starts_on=s, ends_on=e)
               for y in (year - 1, year) for n, s, e in typical_calendar(y)[0]]  # fmt: skip
    return max((t for t in typical if t.starts_on <= day), key=lambda t: t.starts_on)


def academic_year_start(la: LocalAuthority | None, day: D) -> D:
    """The first day of the school year containing `day`: the LA's autumn term, else 1 September."""
    year = school_year(day)
    if la is None:
        return D(year, 9, 1)
    autumn = la.terms.filter(academic_year=year, name=Term.Name.AUTUMN).first()
    return autumn.starts_on if autumn else D(year, 9, 1)


CALENDAR_COLUMNS = ("type", "starts_on", "ends_on", "description")


def calendar_import(*, path: Path, la: LocalAuthority, dry_run=False, actor, progress=None):
    """CSV type,starts_on,ends_on,description: type autumn, spring or summer (a term; its school
    year is the one it falls in) or closure (every weekday from starts_on to ends_on, or one day
    when ends_on is blank). Terms replace the stored dates of the same term; all-or-nothing."""
    report = Report()
    table = read_csv(path)
    if not has_columns(table, CALENDAR_COLUMNS, report):
        return report
    terms, closures = [], []
    for row in table.rows:
        kind = row.get("type").lower()
        start, error = parse_date(row.get("starts_on"), formats=("ymd", "dmy"))
        end, error2 = parse_date(row.get("ends_on"), formats=("ymd", "dmy"))
        if kind not in TERM_NAMES | {"closure"}:
            report.problem(
                table.file, row.line, "type", "Type must be autumn, spring, summer or closure"
            )
        for column, message in (
            ("starts_on", error or ("" if start else "Enter a start date")),
            ("ends_on", error2),
        ):
            if message:
                report.problem(table.file, row.line, column, message)
        if start and end and end < start:
            report.problem(table.file, row.line, "ends_on", "Ends before it starts")
        if kind in TERM_NAMES and start and not end:
            report.problem(table.file, row.line, "ends_on", "A term needs an end date")
        if not report.ok:
            continue
        if start is None:
            continue
        if kind == "closure":
            closures += [(d, row.get("description")) for d in _weekdays(start, end or start)]
        else:
            terms.append((kind, start, end))
    if report.ok and not dry_run:
        _save_calendar(la, terms, closures, report)
    return report


def _weekdays(start: D, end: D) -> list[D]:
    days, day = [], start
    while day <= end:
        if day.weekday() < 5:
            days.append(day)
        day += ONE
    return days


@transaction.atomic
def _save_calendar(la, terms, closures, report: Report) -> None:
    changed = False
    for name, start, end in terms:
        year = start.year if start.month >= 8 or name == "autumn" else start.year - 1
        term, created = Term.objects.get_or_create(
            la=la, academic_year=year, name=name, defaults={"starts_on": start, "ends_on": end}
        )
        same = created or (term.starts_on, term.ends_on) == (start, end)
        if not same:
            term.starts_on, term.ends_on = start, end
            term.full_clean()
            term.save()
        changed |= created or not same
        report.count("Terms", "created" if created else ("unchanged" if same else "updated"))
    if changed:
        _terms_changed(la)
    for day, why in closures:
        _, created = ClosureDay.objects.update_or_create(
            la=la, date=day, defaults={"description": why[:100]}
        )
        report.count("Closure days", "created" if created else "updated")
