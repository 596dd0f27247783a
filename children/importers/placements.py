"""Import education placements: CSV columns
child_id,urn,provision_type,start_date,end_date,nc_year,attendance_pattern,hours_per_week,end_reason

Dates yyyy-mm-dd or dd/mm/yyyy. A URN not in the school register is kept and listed on the
data-quality page rather than refused. All-or-nothing; idempotent by (child, start, type, URN).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import Q

from authorities.models import LocalAuthority
from children.models import Child, EducationPlacement
from imports.parsing import parse_date, parse_decimal, parse_int
from imports.problems import Report
from imports.tables import Row, has_columns, read_csv
from imports.upsert import upsert
from schools.models import School

COLUMNS = (
    "child_id",
    "urn",
    "provision_type",
    "start_date",
    "end_date",
    "nc_year",
    "attendance_pattern",
    "hours_per_week",
    "end_reason",
)
KEY = ("child_id", "started_on", "provision_type", "urn")
TYPES = set(EducationPlacement.ProvisionType.values)
PATTERNS = set(EducationPlacement.AttendancePattern.values)
END_REASONS = set(EducationPlacement.EndReason.values)
DATES = ("ymd", "dmy")


def placements_import(
    *,
    path: Path,
    la: LocalAuthority,
    dry_run: bool = False,
    actor,
    progress=None,
    display_name: str | None = None,
) -> Report:
    """Schools are told about children who start with them (notifications app)."""
    report = Report()
    table = read_csv(path, display_name=display_name)
    if not has_columns(table, COLUMNS, report):
        return report
    children = dict(Child.objects.filter(la=la).values_list("la_child_id", "pk"))
    schools = dict(School.objects.values_list("urn", "pk"))
    rows: list[dict] = []
    seen: dict[tuple, int] = {}
    for row in table.rows:
        data = _placement(row, table.file, report, children, schools)
        if data is None:
            continue
        key = tuple(data[k] for k in KEY)
        if key in seen:
            report.problem(
                table.file,
                row.line,
                "start_date",
                f"The same placement is also on line {seen[key]}",
            )
        seen[key] = row.line
        rows.append(data)
    if not report.ok:
        return report
    unknown = sorted({r["urn"] for r in rows if r["urn"] and r["school_id"] is None})
    if unknown:
        report.notes.append(
            f"URNs not in the school register (see the data-quality page): {unknown}"
        )
    if dry_run:
        report.notes.append("Dry run: everything checked, nothing written.")
        return report
    with transaction.atomic():
        created = upsert(
            EducationPlacement,
            key=KEY,
            rows=rows,
            existing=EducationPlacement.objects.filter(child__la=la),
            report=report,
            label="education placements",
            actor=actor,
            progress=(lambda n: progress("Writing", n, len(rows))) if progress else None,
        )
        _tell_schools(created, report, actor)
        from core.kept import kept_forget

        kept_forget(la)  # what the pages keep follows (core.kept)
    return report


def _tell_schools(created, report: Report, actor) -> None:
    """New current school placements are new starters: tell their schools. Loaded in chunks so
    a first import of thousands of placements stays within SQLite's parameter limit."""
    from django.utils import timezone

    from notifications.services import school_notify_new_starter

    today = timezone.localdate()
    current = Q(school__isnull=False) & (Q(ended_on__isnull=True) | Q(ended_on__gte=today))
    for start in range(0, len(created), 1000):
        chunk = EducationPlacement.objects.filter(current, pk__in=created[start : start + 1000])
        for placement in chunk.select_related("school", "child__la"):
            made = school_notify_new_starter(placement=placement, actor=actor)
            report.count("school notifications", "created", made)


def _placement(row: Row, file: str, report: Report, children: dict, schools: dict) -> dict | None:
    def fail(column: str, message: str) -> None:
        report.problem(file, row.line, column, message)

    child_id = row.get("child_id")
    if child_id not in children:
        fail(
            "child_id",
            f"child_id '{child_id}' is not a child of this LA" if child_id else "child_id is blank",
        )
        return None
    kind = row.get("provision_type").lower()
    if kind not in TYPES:
        fail("provision_type", f"provision_type '{kind}' is not one of {', '.join(sorted(TYPES))}")
    urn, error = parse_int(row.get("urn"), low=100000, high=999999)
    if error:
        fail("urn", f"urn {error}")
    if kind == "school" and urn is None and not error:
        fail("urn", "A school placement needs the school's URN")
    start, error = parse_date(row.get("start_date"), formats=DATES)
    if error or start is None:
        fail("start_date", f"start_date {error}" if error else "start_date is blank")
    end, error = parse_date(row.get("end_date"), formats=DATES)
    if error:
        fail("end_date", f"end_date {error}")
    if start and end and end < start:
        fail("end_date", "end_date is before start_date")
    return {
        "child_id": children[child_id],
        "urn": urn,
        "school_id": schools.get(urn),
        "provision_type": kind,
        "started_on": start,
        "ended_on": end,
        **_details(row, fail, end),
    }


def _details(row: Row, fail, end) -> dict:
    nc_year, error = parse_int(row.get("nc_year"), low=-2, high=14)
    if error:
        fail("nc_year", f"nc_year {error}")
    pattern = (row.get("attendance_pattern") or "full-time").lower()
    if pattern not in PATTERNS:
        fail("attendance_pattern", f"attendance_pattern '{pattern}' is not full-time or part-time")
    hours, error = parse_decimal(row.get("hours_per_week"), low=Decimal(0), high=Decimal(60))
    if error:
        fail("hours_per_week", f"hours_per_week {error}")
    if pattern == "part-time" and hours is None and not error:
        fail("hours_per_week", "A part-time placement needs its hours per week")
    reason = row.get("end_reason").lower()
    if reason and reason not in END_REASONS:
        fail("end_reason", f"end_reason '{reason}' is not one of {', '.join(sorted(END_REASONS))}")
    if reason and not end:
        fail("end_reason", "end_reason is given but end_date is blank")
    return {
        "nc_year": nc_year,
        "attendance_pattern": pattern,
        "hours_per_week": hours,
        "end_reason": reason,
    }
