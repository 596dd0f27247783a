"""Import exclusions: CSV columns child_id,type,start_date,sessions,reasons and optionally urn
and provision_from. type is suspension or permanent; sessions the length (blank for permanent);
reasons DfE codes separated by ';' (e.g. PA;VA). All-or-nothing; idempotent by (child, start
date, type)."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from attendance.models import Exclusion
from children.models import Child
from core.kept import kept_forget
from imports.parsing import parse_date, parse_int
from imports.problems import Report
from imports.tables import has_columns, read_csv
from imports.upsert import upsert
from schools.models import School

REQUIRED = ("child_id", "type", "start_date", "sessions", "reasons")
DATES = ("ymd", "dmy")


def exclusions_import(*, path: Path, la, dry_run=False, actor, progress=None) -> Report:
    report = Report()
    table = read_csv(path)
    if not has_columns(table, REQUIRED, report):
        return report
    children = dict(Child.objects.filter(la=la).values_list("la_child_id", "pk"))
    schools = dict(School.objects.values_list("urn", "pk"))
    rows = []
    for row in table.rows:
        data = _row(row, table.file, report, children, schools)
        if data is not None:
            rows.append(data)
    if report.ok and not dry_run:
        with transaction.atomic():
            upsert(
                Exclusion,
                key=("child_id", "starts_on", "kind"),
                rows=rows,
                existing=Exclusion.objects.filter(child__la=la),
                report=report,
                label="Exclusions",
                actor=actor,
            )
            kept_forget(la)  # what the pages keep follows (core.kept)
    return report


def _row(row, file, report: Report, children, schools) -> dict | None:
    before = len(report.problems)
    child_id = children.get(row.get("child_id"))
    if child_id is None:
        report.problem(
            file, row.line, "child_id", f"No child with ID {row.get('child_id')} in this LA"
        )
    start, error = parse_date(row.get("start_date"), formats=DATES)
    if error or start is None:
        report.problem(file, row.line, "start_date", error or "Enter the start date")
    sessions, error = parse_int(row.get("sessions"), low=1, high=400)
    if error:
        report.problem(file, row.line, "sessions", error)
    provision, error = parse_date(row.get("provision_from"), formats=DATES)
    if error:
        report.problem(file, row.line, "provision_from", error)
    urn = row.get("urn")
    school_id = schools.get(int(urn)) if urn.isdigit() else None
    if urn and school_id is None:
        report.problem(file, row.line, "urn", f"URN {urn} is not in the school register")
    data = {
        "child_id": child_id,
        "kind": row.get("type").lower(),
        "starts_on": start,
        "sessions": sessions,
        "reasons": [r.strip().upper() for r in row.get("reasons").split(";") if r.strip()],
        "provision_from": provision,
        "school_id": school_id,
    }
    if len(report.problems) == before:
        _validate(data, row, file, report)
    return data if len(report.problems) == before else None


def _validate(data, row, file, report: Report) -> None:
    if data["kind"] not in Exclusion.Kind.values:
        report.problem(file, row.line, "type", "Type must be suspension or permanent")
        return
    try:
        Exclusion(**data).clean()
    except ValidationError as exc:
        column = {"sessions": "sessions", "reasons": "reasons", "provision_from": "provision_from"}
        for field, messages in exc.message_dict.items():
            report.problem(file, row.line, column.get(field, ""), " ".join(messages))
