"""Import the DfE's GIAS establishment download (data-formats.md, "GIAS").

Windows-1252, dates dd-mm-yyyy, 120-140 columns that drift between releases, some rows longer
than the header. Columns are read by header name; unknown ones are ignored; a column the file
does not have leaves the stored value alone (the April 2025 release dropped the Ofsted columns),
and the result says which were absent; extra fields on a row are noted, not fatal.
All-or-nothing and idempotent by URN."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from django.db import transaction

from imports.parsing import parse_date, parse_int
from imports.problems import Report
from imports.tables import Row, has_columns, read_csv
from imports.upsert import upsert
from schools.models import School

REQUIRED = ("URN", "LA (code)", "EstablishmentName")
STATUS = {
    "open": School.Status.OPEN,
    "closed": School.Status.CLOSED,
    "open, but proposed to close": School.Status.OPEN_PROPOSED_TO_CLOSE,
    "open but proposed to close": School.Status.OPEN_PROPOSED_TO_CLOSE,
    "proposed to open": School.Status.PROPOSED_TO_OPEN,
}
TEXT = {
    "la_name": ("LA (name)", 100),
    "type_of_establishment": ("TypeOfEstablishment (name)", 100),
    "type_group": ("EstablishmentTypeGroup (name)", 100),
    "phase": ("PhaseOfEducation (name)", 50),
    "street": ("Street", 200),
    "locality": ("Locality", 200),
    "town": ("Town", 100),
    "postcode": ("Postcode", 10),
    "telephone": ("TelephoneNum", 30),
    "head_title": ("HeadTitle (name)", 30),
    "head_first_name": ("HeadFirstName", 100),
    "head_last_name": ("HeadLastName", 100),
    "trust_name": ("Trusts (name)", 200),
    "ukprn": ("UKPRN", 8),
}


DATES = {
    "open_date": "OpenDate",
    "close_date": "CloseDate",
    "ofsted_last_inspection": "OfstedLastInsp",
}
AGES = {"statutory_low_age": "StatutoryLowAge", "statutory_high_age": "StatutoryHighAge"}
# British National Grid metres: the distance from a child's home in the school search.
GRID = {"easting": "Easting", "northing": "Northing"}
# The column each stored value comes from (SEN provision: the first of SEN1..SEN13).
COLUMN = {
    "name": "EstablishmentName",
    "la_code": "LA (code)",
    "establishment_number": "EstablishmentNumber",
    "status": "EstablishmentStatus (name)",
    "sen_provision": "SEN1 (name)",
    "ofsted_rating": "OfstedRating (name)",
    "ofsted_source": "OfstedRating (name)",
    **{attr: column for attr, (column, _) in TEXT.items()},
    **DATES,
    **AGES,
    **GRID,
}
READ = sorted(set(COLUMN.values()) - set(REQUIRED))


def gias_import(
    *,
    path: Path,
    dry_run: bool = False,
    actor,
    progress: Callable[[str, int, int], None] | None = None,
    display_name: str | None = None,
) -> Report:
    report = Report()
    table = read_csv(path, display_name=display_name)
    if not has_columns(table, REQUIRED, report):
        return report
    rows: list[dict] = []
    seen: dict[int, int] = {}
    absent = [c for c in READ if c not in table.header]
    if absent:
        report.notes.append(
            f"{table.file}: not in this file, so stored values are kept: {', '.join(absent)}"
        )
    for row in table.rows:
        data = _school(row, table.file, table.header, report, seen)
        if data:
            rows.append(data)
    if report.ok and not dry_run:
        with transaction.atomic():
            upsert(
                School,
                key=("urn",),
                rows=rows,
                existing=School.objects.filter(urn__in=[r["urn"] for r in rows]),
                report=report,
                label="schools",
                actor=actor,
                progress=(lambda n: progress("Writing", n, len(rows))) if progress else None,
            )
    elif report.ok:
        report.notes.append("Dry run: everything checked, nothing written.")
    return report


def _school(row: Row, file: str, header: list[str], report: Report, seen: dict) -> dict | None:
    def fail(column: str, message: str) -> None:
        report.problem(file, row.line, column, message)

    if row.extra:
        report.notes.append(
            f"{file} line {row.line}: {len(header) + len(row.extra)} fields where the header has "
            f"{len(header)}; the {len(row.extra)} extra were ignored"
        )
    elif len(row.values) < len(header):
        fail("", f"{len(row.values)} fields where the header has {len(header)}")
        return None
    urn, error = parse_int(row.get("URN"), low=100000, high=999999)
    if error or urn is None:
        fail("URN", "URN is blank" if not row.get("URN") else f"URN {error or 'is not valid'}")
        return None
    if urn in seen:
        fail("URN", f"URN {urn} appears twice (first on line {seen[urn]})")
        return None
    seen[urn] = row.line
    present = set(header)
    return {"urn": urn, **{k: v for k, v in _values(row, fail).items() if COLUMN[k] in present}}


def _values(row: Row, fail) -> dict:
    name = row.get("EstablishmentName")
    if not name:
        fail("EstablishmentName", "EstablishmentName is blank: every school needs a name")
    la_code = row.get("LA (code)")
    if not re.fullmatch(r"\d{3}", la_code):
        fail("LA (code)", f"LA (code) '{la_code}' is not a 3-digit LA code")
    number = row.get("EstablishmentNumber")
    if number and not re.fullmatch(r"\d{4}", number):
        fail("EstablishmentNumber", f"EstablishmentNumber '{number}' is not 4 digits")
    status_raw = row.get("EstablishmentStatus (name)")
    status = STATUS.get(status_raw.lower()) if status_raw else School.Status.OPEN
    if status is None:
        fail(
            "EstablishmentStatus (name)", f"EstablishmentStatus '{status_raw}' is not a GIAS status"
        )
    values: dict[str, object] = {
        "name": name[:200],
        "la_code": la_code,
        "establishment_number": number,
        "status": status or School.Status.OPEN,
        "sen_provision": [
            v for i in range(1, 14) if (v := row.get(f"SEN{i} (name)")) and v != "Not applicable"
        ],
    }
    for attr, (column, length) in TEXT.items():
        values[attr] = row.get(column)[:length]
    if row.get("OfstedRating (name)") or row.get("OfstedLastInsp"):
        values["ofsted_source"] = School.InspectionSource.GIAS
    values["ofsted_rating"] = row.get("OfstedRating (name)")[:50]
    for attr, column in DATES.items():
        values[attr], error = parse_date(row.get(column), formats=("dmy-dash", "dmy"))
        if error:
            fail(column, f"{column} {error}")
    for attr, column in AGES.items():
        values[attr], error = parse_int(row.get(column), low=0, high=99)
        if error:
            fail(column, f"{column} {error}")
    for attr, column in GRID.items():
        values[attr], error = parse_int(row.get(column), low=0, high=1_300_000)
        if error:
            fail(column, f"{column} {error}")
    return values
