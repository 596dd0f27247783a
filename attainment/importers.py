"""Import attainment: CSV columns child_id,academic_year,term,subject,kind,result and optionally
target and progress. subject is lower case with underscores (reading, writing, maths,
english_language, combined_science, ...); kind and result as attainment/models.py says.
All-or-nothing; idempotent by (child, academic_year, term, subject, kind)."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from attainment.models import AssessmentResult, Kind, Progress, result_error
from children.models import Child
from imports.parsing import parse_int
from imports.problems import Report
from imports.tables import has_columns, read_csv
from imports.upsert import upsert

REQUIRED = ("child_id", "academic_year", "term", "subject", "kind", "result")
KEY = ("child_id", "academic_year", "term", "subject", "kind")


def attainment_import(*, path: Path, la, dry_run=False, actor, progress=None) -> Report:
    report = Report()
    table = read_csv(path)
    if not has_columns(table, REQUIRED, report):
        return report
    children = dict(Child.objects.filter(la=la).values_list("la_child_id", "pk"))
    rows: list[dict] = []
    seen: dict[tuple, int] = {}
    for row in table.rows:
        data = _row(row, table.file, report, children)
        if data is None:
            continue
        key = tuple(data[k] for k in KEY)
        if key in seen:
            report.problem(table.file, row.line, "result", f"Repeats line {seen[key]}")
        seen[key] = row.line
        rows.append(data)
    if report.ok and not dry_run:
        with transaction.atomic():
            upsert(
                AssessmentResult,
                key=KEY,
                rows=rows,
                existing=AssessmentResult.objects.filter(child__la=la),
                report=report,
                label="Assessment results",
                actor=actor,
            )
    return report


def _row(row, file, report: Report, children) -> dict | None:
    before = len(report.problems)
    child_id = children.get(row.get("child_id"))
    if child_id is None:
        report.problem(
            file, row.line, "child_id", f"No child with ID {row.get('child_id')} in this LA"
        )
    year, error = parse_int(row.get("academic_year"), low=2000, high=2100)
    if error or year is None:
        report.problem(file, row.line, "academic_year", error or "Enter the school year, e.g. 2025")
    term = row.get("term").lower()
    if term not in AssessmentResult.Term.values:
        report.problem(file, row.line, "term", "Term must be autumn, spring or summer")
    subject = row.get("subject").lower().replace(" ", "_")
    if not subject:
        report.problem(file, row.line, "subject", "Enter the subject")
    kind = row.get("kind").lower()
    if kind not in Kind.values:
        report.problem(file, row.line, "kind", f"Kind must be one of {', '.join(Kind.values)}")
    else:
        for column in ("result", "target"):
            value = row.get(column).upper()
            if (value or column == "result") and result_error(kind, value):
                report.problem(file, row.line, column, result_error(kind, value))
    progress = row.get("progress").lower()
    if progress and progress not in Progress.values:
        report.problem(file, row.line, "progress", "Progress must be below, expected or above")
    if len(report.problems) > before:
        return None
    return {
        "child_id": child_id,
        "academic_year": year,
        "term": term,
        "subject": subject,
        "kind": kind,
        "result": row.get("result").upper(),
        "target": row.get("target").upper(),
        "progress": progress,
    }
