"""Import the education extract for children with a social worker (data-formats.md): one row per
pupil and school year, keyed by UPN, which is hashed with the LA's secret on the way in and
never stored. All-or-nothing with row-level problems; the same file again changes nothing."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.db import transaction

from children.upn import upn_is_valid
from cwsw.keys import child_key, la_secret
from cwsw.models import EducationRecord
from imports.parsing import parse_decimal, parse_int
from imports.problems import Report
from imports.tables import has_columns, stream_csv

COLUMNS = (
    "upn",
    "year",
    "sessions_possible",
    "sessions_authorised",
    "sessions_unauthorised",
    "suspensions",
    "permanent_exclusion",
    "ks2_rwm_expected",
    "ks4_attainment8",
)
COUNTS = ("sessions_possible", "sessions_authorised", "sessions_unauthorised", "suspensions")
YES, NO = {"1", "y", "yes", "true"}, {"0", "n", "no", "false"}


def education_import(*, path: Path, la, dry_run: bool = False, actor, progress=None) -> Report:
    report = Report()
    table = stream_csv(path)
    if not has_columns(table, COLUMNS, report):
        return report
    secret, rows, seen = la_secret(la), {}, {}
    for row in table.rows:
        values = _values(table.file, row, report)
        if values is None:
            continue
        key = (child_key(secret, row.get("upn")), values.pop("year"))
        if key in seen:
            report.problem(
                table.file, row.line, "upn", f"The same UPN and year as line {seen[key]}"
            )
        seen[key], rows[key] = row.line, values
    if report.ok and not dry_run:
        _write(la, rows, report)
    return report


def _values(file: str, row, report: Report) -> dict | None:
    before = len(report.problems)
    fail = lambda column, message: report.problem(file, row.line, column, message)  # noqa: E731
    if not upn_is_valid(row.get("upn").strip().upper()):
        fail("upn", f"upn '{row.get('upn')}' is not a valid UPN")
    values: dict = {}
    values["year"], error = parse_int(row.get("year"), low=2000, high=2100)
    if error or values["year"] is None:
        fail("year", f"year {error or 'is blank'} (the year the school year's autumn starts in)")
    for column in COUNTS:
        values[column], error = parse_int(row.get(column), low=0, high=1000)
        if error:
            fail(column, f"{column} {error}")
    values["suspensions"] = values["suspensions"] or 0
    for column in ("permanent_exclusion", "ks2_rwm_expected"):
        values[column] = _yes_no(row.get(column), column, fail)
    values["permanent_exclusion"] = bool(values["permanent_exclusion"])
    values["ks4_attainment8"], error = parse_decimal(
        row.get("ks4_attainment8"), low=Decimal(0), high=Decimal(90)
    )
    if error:
        fail("ks4_attainment8", f"ks4_attainment8 {error}")
    possible, missed = values["sessions_possible"], _missed(values)
    if possible is not None and missed > possible:
        fail("sessions_possible", "More sessions missed than possible")
    return values if len(report.problems) == before else None


def _missed(values: dict) -> int:
    return (values["sessions_authorised"] or 0) + (values["sessions_unauthorised"] or 0)


def _yes_no(raw: str, column: str, fail):
    text = (raw or "").strip().lower()
    if not text:
        return None
    if text in YES or text in NO:
        return text in YES
    fail(column, f"{column} '{raw}' is not Y or N")
    return None


@transaction.atomic
def _write(la, rows: dict, report: Report) -> None:
    stored = {(r.key, r.year): r for r in EducationRecord.objects.filter(la=la)}
    for (key, year), values in rows.items():
        found = stored.get((key, year))
        if found is None:
            EducationRecord.objects.create(la=la, key=key, year=year, **values)
            report.count("education records", "created")
        elif any(getattr(found, f) != v for f, v in values.items()):
            EducationRecord.objects.filter(pk=found.pk).update(**values)
            report.count("education records", "updated")
        else:
            report.count("education records", "unchanged")
