"""Import inspection outcomes (`URN,InspectionDate,Outcome`), for schools GIAS no longer gives
them for. All-or-nothing; a row older than the stored inspection, or the same, changes nothing."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from imports.parsing import parse_date, parse_int
from imports.problems import Report
from imports.tables import has_columns, read_csv
from schools.models import School
from schools.services import school_inspection_record


def inspections_import(*, path: Path, dry_run: bool = False, actor, progress=None) -> Report:
    report = Report()
    table = read_csv(path)
    if not has_columns(table, ("URN", "InspectionDate", "Outcome"), report):
        return report
    found = []
    for row in table.rows:
        urn, error = parse_int(row.get("URN"), low=100000, high=999999)
        if error or urn is None:
            report.problem(table.file, row.line, "URN", f"URN {error or 'is blank'}")
        day, error = parse_date(row.get("InspectionDate"), formats=("dmy", "ymd", "dmy-dash"))
        if error or day is None:
            report.problem(table.file, row.line, "InspectionDate",
                           f"InspectionDate {error or 'is blank'}")  # fmt: skip
        if not row.get("Outcome"):
            report.problem(table.file, row.line, "Outcome", "Outcome is blank")
        found.append((row.line, urn, day, row.get("Outcome")))
    schools = School.objects.in_bulk([urn for _, urn, _, _ in found if urn], field_name="urn")
    for line, urn, _, _ in found:
        if urn and urn not in schools:
            report.problem(table.file, line, "URN", f"URN {urn} is not in the school register")
    if report.ok and not dry_run:
        with transaction.atomic():
            for _, urn, day, outcome in found:
                _record(schools[urn], day, outcome, actor, report)
    return report


def _record(school: School, day, outcome: str, actor, report: Report) -> None:
    stored = school.ofsted_last_inspection
    if stored and (day < stored or (day == stored and school.ofsted_rating == outcome[:50])):
        report.count("inspection outcomes", "unchanged")
        return
    school_inspection_record(school=school, outcome=outcome, inspected_on=day,
                             source=School.InspectionSource.IMPORTED, actor=actor)  # fmt: skip
    report.count("inspection outcomes", "updated")
