"""Import daily marks: CSV columns child_id,date,session,code and optionally urn.

Dates yyyy-mm-dd or dd/mm/yyyy; session AM or PM; code a national code (attendance.md). Without
a URN a mark is linked to the child's education placement on that day. All-or-nothing: any
problem and nothing is written. A mark already stored with the same code and school is left
alone; a different one replaces it and the old one is kept in SessionMarkChange."""

from __future__ import annotations

import csv
import datetime
import io
from array import array
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from attendance.catalogue import Catalogue, Lookup
from attendance.writer import Mark, marks_write
from children.models import Child, EducationPlacement
from imports.parsing import parse_date
from imports.problems import Report
from imports.tables import decode
from schools.models import School

REQUIRED = ("child_id", "date", "session", "code")
SESSIONS = {"AM": "AM", "PM": "PM"}
MAX_PROBLEMS = 1000
LABEL = "Session marks"


def attendance_import(
    *, path: Path, la, dry_run: bool = False, actor, progress=None, display_name=None
) -> Report:
    report = Report()
    name = display_name or path.name
    text = decode(path.read_bytes())
    # Read as the rows come, not as a list of every row first (a year's file for 2,500
    # children is 950,000 rows); the line count is for the progress bar only.
    rows = csv.reader(io.StringIO(text, newline=""))
    try:
        marks = _Reader(la, name, report, progress).read(rows, max(text.count("\n") - 1, 0))
    except csv.Error as error:  # a field of megabytes, say: a problem, not a crash
        report.problem(name, rows.line_num, "", f"This line cannot be read as CSV: {error}")
        return report
    if not report.ok or marks is None:
        return report
    if progress:
        progress("Writing", 0, len(marks))
    _write(marks, report, la=la, dry_run=dry_run, actor=actor, source=f"import of {name}")
    if progress:
        progress("Writing", len(marks), len(marks))
    return report


def _write(marks: list[Mark], report: Report, *, la, dry_run: bool, actor, source: str) -> None:
    with transaction.atomic():
        written = marks_write(marks=marks, la=la, actor=actor, source=source)
        if dry_run:
            transaction.set_rollback(True)
    report.count(LABEL, "created", written.created)
    report.count(LABEL, "updated", written.updated)
    report.count(LABEL, "unchanged", written.unchanged)


class _Reader:
    """Checks every row, collecting problems; returns the marks only when there are none."""

    def __init__(self, la, file: str, report: Report, progress):
        self.la, self.file, self.report, self.progress = la, file, report, progress
        self.catalogue = Catalogue.load()
        self.children = dict(Child.objects.filter(la=la).values_list("la_child_id", "pk"))
        self.dates: dict[str, tuple[datetime.date | None, str]] = {}
        self.good_dates: dict[str, datetime.date] = {}
        self.codes: dict[tuple[str, datetime.date], Lookup | None] = {}
        self.warnings: dict[str, list[int]] = defaultdict(list)
        self.today = timezone.localdate()

    def read(self, rows: Iterator[list[str]], total: int) -> list[Mark] | None:
        header = [cell.strip().lower() for cell in next(rows, [])]
        missing = [c for c in REQUIRED if c not in header]
        for column in missing:
            self.problem(1, column, f"Column {column} is missing from the header row")
        if missing:
            return None
        self.index = {c: header.index(c) for c in (*REQUIRED, "urn") if c in header}
        self.schools = PlacementSchools(self.la) if "urn" not in self.index else None
        self.urns = dict(School.objects.values_list("urn", "pk")) if self.schools is None else {}
        self.fast_columns = [self.index[c] for c in (*REQUIRED, "urn") if c in self.index]
        marks = self._rows(rows, total)
        self._warn()
        return marks

    def _rows(self, rows: Iterator[list[str]], total: int) -> list[Mark]:
        marks: list[Mark] = []
        seen = _Seen()
        for number, cells in enumerate(rows, start=2):
            if self.progress and number % 20000 == 0:
                self.progress("Checking", number, total)
            mark = self._known(cells)
            if mark is None:
                if not any(c.strip() for c in cells):
                    continue
                mark = self._mark(number, cells)
                if mark is None:
                    continue
            first = seen.repeat_of(mark, number, marks)
            if first is not None:
                self.problem(number, "session", f"Repeats the mark on line {first}")
                continue
            marks.append(mark)
        return marks

    def _known(self, cells: list[str]) -> Mark | None:
        """The fast path for a row made only of values already checked on an earlier row: a
        million-row file repeats a few dates, codes and children. Anything else (a first sight,
        a problem, a withdrawn code's note) returns None and goes the careful way."""
        try:
            raw = [cells[i].strip() for i in self.fast_columns]
        except IndexError:
            return None
        pk = self.children.get(raw[0])
        day = self.good_dates.get(raw[1])
        session = SESSIONS.get(raw[2].upper())
        if pk is None or day is None or session is None:
            return None
        found = self.codes.get((raw[3], day))
        if found is None or found.warning:
            return None
        if self.schools is not None:
            return (pk, day, session, raw[3], found.category, self.schools.on(pk, day))
        urn = raw[4] if len(raw) > 4 else ""
        school = self.urns.get(int(urn)) if urn.isdigit() else None
        if urn and school is None:
            return None
        return (pk, day, session, raw[3], found.category, school)

    def _cell(self, cells: list[str], column: str) -> str:
        i = self.index.get(column)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    def _mark(self, line: int, cells: list[str]) -> Mark | None:
        child_id = self._child(line, self._cell(cells, "child_id"))
        day = self._date(line, self._cell(cells, "date"))
        session = SESSIONS.get(self._cell(cells, "session").upper())
        if session is None:
            self.problem(line, "session", "Session must be AM or PM")
        code = self._cell(cells, "code")
        if day is None:
            if code not in self.catalogue.by_code:
                self._unknown(line, code)
            return None
        category = self._category(line, code, day)
        if child_id is None or session is None:
            return None
        school = self._school(line, cells, child_id, day)
        if category is None or school is False:
            return None
        return (child_id, day, session, code, category, school)

    def _child(self, line: int, raw: str) -> int | None:
        pk = self.children.get(raw)
        if pk is None:
            message = "child_id is blank" if not raw else f"No child with ID {raw} in this LA"
            self.problem(line, "child_id", message)
        return pk

    def _date(self, line: int, raw: str) -> datetime.date | None:
        parsed = self.dates.get(raw)
        if parsed is None:
            parsed = self.dates[raw] = _parse_day(raw, self.today)
            if parsed[0] is not None and not parsed[1]:
                self.good_dates[raw] = parsed[0]
        if parsed[1]:
            self.problem(line, "date", parsed[1])
        return parsed[0]

    def _category(self, line: int, code: str, day: datetime.date) -> int | None:
        key = (code, day)
        if key not in self.codes:
            self.codes[key] = self.catalogue.lookup(code, day)
        found = self.codes[key]
        if found is None:
            self._unknown(line, code)
            return None
        if found.warning:
            self.warnings[found.warning].append(line)
        return found.category

    def _unknown(self, line: int, code: str) -> None:
        shown = f"'{code}'" if code else "A blank code"
        self.problem(line, "code", f"{shown} is not a national attendance code")

    def _school(self, line: int, cells, child_id: int, day) -> int | bool | None:
        if self.schools is not None:
            return self.schools.on(child_id, day)
        raw = self._cell(cells, "urn")
        if not raw:
            return None
        pk = self.urns.get(int(raw)) if raw.isdigit() else None
        if pk is None:
            self.problem(line, "urn", f"URN {raw} is not in the school register")
            return False
        return pk

    def problem(self, line: int, column: str, message: str) -> None:
        if len(self.report.problems) < MAX_PROBLEMS:
            self.report.problem(self.file, line, column, message)
        elif len(self.report.problems) == MAX_PROBLEMS:
            self.report.problem(self.file, None, "", "More problems not listed: fix these first")

    def _warn(self) -> None:
        for warning, lines in sorted(self.warnings.items()):
            shown = ", ".join(str(n) for n in lines[:10]) + (" ..." if len(lines) > 10 else "")
            self.report.notes.append(f"{warning}: {len(lines)} mark(s), line(s) {shown}")


class _Seen:
    """The marks read so far, by child, date and session, as whole numbers in a set (for a
    year's 950,000 marks, 100 MB less than a dict of tuples and lines), with each one's line
    in an array. Only a file that repeats a mark, which is refused, gets the dict."""

    def __init__(self) -> None:
        self.keys: set[int] = set()
        self.lines = array("L")
        self.first: dict[int, int] | None = None

    def repeat_of(self, mark: Mark, line: int, marks: list[Mark]) -> int | None:
        """The line of an earlier mark with the same key; None (and noted) if none."""
        key = _key(mark)
        if key not in self.keys:
            self.keys.add(key)
            self.lines.append(line)
            if self.first is not None:
                self.first[key] = line
            return None
        if self.first is None:
            self.first = {_key(m): n for m, n in zip(marks, self.lines, strict=True)}
        return self.first[key]


def _key(mark: Mark) -> int:
    return ((mark[0] * 1_000_000 + mark[1].toordinal()) << 1) | (mark[2] == "PM")


def _parse_day(raw: str, today: datetime.date) -> tuple[datetime.date | None, str]:
    if not raw:
        return None, "date is blank"
    day, error = parse_date(raw, formats=("ymd", "dmy"))
    if day is not None and day > today:
        return None, f"{raw} is in the future"
    return day, error


class PlacementSchools:
    """The school of each child's education placement on a day, for files without a URN."""

    def __init__(self, la):
        self.spans: dict[int, list[tuple]] = defaultdict(list)
        rows = EducationPlacement.objects.filter(child__la=la, school__isnull=False)
        for child_id, start, end, school_id in rows.values_list(
            "child_id", "started_on", "ended_on", "school_id"
        ):
            self.spans[child_id].append((start, end, school_id))

    def on(self, child_id: int, day: datetime.date) -> int | None:
        for start, end, school_id in self.spans.get(child_id, ()):
            if start <= day and (end is None or day <= end):
                return school_id
        return None
