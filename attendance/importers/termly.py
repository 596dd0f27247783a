"""Import termly census attendance: CSV columns child_id,academic_year,term,sessions_possible
and then one column per absence code (e.g. I,M,N,O,G) holding sessions. academic_year is the
year the autumn term starts (2025 for 2025/26); term is autumn, spring or summer and must be in
the LA's calendar. Used for children without daily marks in that term. All-or-nothing,
idempotent by (child, term)."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction
from django.utils import timezone

from attendance.catalogue import ABSENT, Catalogue
from attendance.models import Category, TermSummary
from authorities.models import Term
from children.models import Child
from core.kept import kept_forget
from imports.parsing import parse_int
from imports.problems import Report
from imports.tables import Row, Table, has_columns, read_csv
from imports.upsert import upsert

REQUIRED = ("child_id", "academic_year", "term", "sessions_possible")


def termly_import(*, path: Path, la, dry_run=False, actor, progress=None) -> Report:
    report = Report()
    table = read_csv(path)
    if not has_columns(table, REQUIRED, report):
        return report
    code_columns = _code_columns(table, report)
    children = dict(Child.objects.filter(la=la).values_list("la_child_id", "pk"))
    terms = {(t.academic_year, t.name): t for t in Term.objects.filter(la=la)}
    rows: list[dict] = []
    seen: dict[tuple, int] = {}
    for row in table.rows:
        data = _summary(row, table.file, report, children, terms, code_columns)
        if data is None:
            continue
        key = (data["child_id"], data["term_id"])
        if key in seen:
            report.problem(table.file, row.line, "term", f"Repeats line {seen[key]}")
        seen[key] = row.line
        rows.append(data)
    if report.ok and not dry_run:
        with transaction.atomic():
            existing = TermSummary.objects.filter(child__la=la)
            upsert(
                TermSummary,
                key=("child_id", "term_id"),
                rows=rows,
                existing=existing,
                report=report,
                label="Termly summaries",
                actor=actor,
            )
            kept_forget(la)  # what the pages keep follows (core.kept)
    return report


def _code_columns(table: Table, report: Report) -> dict[str, int]:
    """Extra columns must be absence codes; returns code -> category."""
    catalogue = Catalogue.load()
    today = timezone.localdate()
    columns = {}
    for column in table.header:
        if column in REQUIRED or not column:
            continue
        found = catalogue.lookup(column, today)
        if found is None or found.category not in ABSENT:
            report.problem(table.file, 1, column, f"{column} is not an absence code")
        else:
            columns[column] = found.category
    return columns


def _summary(row: Row, file, report, children, terms, code_columns) -> dict | None:
    before = len(report.problems)
    child_id = children.get(row.get("child_id"))
    if child_id is None:
        report.problem(
            file, row.line, "child_id", f"No child with ID {row.get('child_id')} in this LA"
        )
    year, error = parse_int(row.get("academic_year"), low=2000, high=2100)
    if error or year is None:
        report.problem(file, row.line, "academic_year", error or "Enter the school year, e.g. 2025")
    term = terms.get((year, row.get("term").lower()))
    if year and term is None:
        report.problem(
            file, row.line, "term", f"No {row.get('term')} term {year} in the LA's calendar"
        )
    possible, error = parse_int(row.get("sessions_possible"), low=0, high=400)
    if error or possible is None:
        report.problem(file, row.line, "sessions_possible", error or "Enter the sessions possible")
    codes, totals = {}, {Category.AUTHORISED: 0, Category.UNAUTHORISED: 0}
    for column, category in code_columns.items():
        n, error = parse_int(row.get(column), low=0, high=400)
        if error:
            report.problem(file, row.line, column, error)
        elif n:
            codes[column] = n
            totals[category] += n
    if possible is not None and sum(totals.values()) > possible:
        report.problem(file, row.line, "sessions_possible", "Fewer than the sessions of absence")
    if len(report.problems) > before:
        return None
    return {
        "child_id": child_id,
        "term_id": term.pk,
        "sessions_possible": possible,
        "codes": codes,
        "authorised": totals[Category.AUTHORISED],
        "unauthorised": totals[Category.UNAUTHORISED],
    }
