"""Import the ONS postcode directory's grid references (ONSPD: `pcds` or `pcd`, `oseast1m`,
`osnrth1m`; or a plain `postcode,easting,northing`), for distances in the school search.
Optional: without it the search goes by LA and town. About 2.7 million rows, so the file is
streamed twice (check, then write in batches) and never held; all-or-nothing; the same file
again changes nothing. Postcodes without a grid reference (some terminated ones) are skipped."""

from __future__ import annotations

import re
from pathlib import Path

from django.db import transaction

from imports.parsing import parse_int
from imports.problems import Report
from imports.tables import stream_csv
from school_places.models import Postcode

LAYOUTS = (
    ("pcds", "oseast1m", "osnrth1m"),
    ("pcd", "oseast1m", "osnrth1m"),
    ("postcode", "easting", "northing"),
)
BATCH = 5000
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?[0-9][A-Z]{2}$")
MAX_PROBLEMS = 1000  # a wrong file: say so early rather than list millions of lines


def postcodes_import(*, path: Path, dry_run: bool = False, actor, progress=None) -> Report:
    report = Report()
    table = stream_csv(path)
    header = {h.lower(): h for h in table.header}
    layout = next((cols for cols in LAYOUTS if all(c in header for c in cols)), None)
    if layout is None:
        report.problem(
            table.file,
            1,
            "pcds",
            "Needs pcds (or pcd), oseast1m and osnrth1m, or postcode, easting and northing",
        )
        return report
    columns = [header[c] for c in layout]
    for _ in _points(table, columns, report):
        if len(report.problems) >= MAX_PROBLEMS:
            break
    if report.ok and not dry_run:
        _write(table, columns, report)
    return report


def _points(table, columns, report):
    code_col, east_col, north_col = columns
    for row in table.rows:
        code = re.sub(r"\s+", "", row.get(code_col)).upper()
        if not POSTCODE.match(code):
            report.problem(table.file, row.line, code_col, f"'{code}' is not a postcode")
            continue
        if not row.get(east_col) and not row.get(north_col):
            continue  # no grid reference: nothing to measure from
        east, e_error = parse_int(row.get(east_col), low=0, high=700_000)
        north, n_error = parse_int(row.get(north_col), low=0, high=1_300_000)
        if e_error or n_error or east is None or north is None:
            column, error = (east_col, e_error) if e_error or east is None else (north_col, n_error)
            report.problem(table.file, row.line, column, f"{column} {error or 'is blank'}")
            continue
        yield code, east, north


@transaction.atomic
def _write(table, columns, report) -> None:
    batch: list[Postcode] = []
    for code, east, north in _points(table, columns, Report()):
        batch.append(Postcode(postcode=code, easting=east, northing=north))
        if len(batch) == BATCH:
            _flush(batch, report)
            batch = []
    _flush(batch, report)


def _flush(batch: list[Postcode], report: Report) -> None:
    """Write the new and the moved; count the rest as unchanged (the same file again)."""
    stored = {
        code: (east, north)
        for code, east, north in Postcode.objects.filter(
            postcode__in=[p.postcode for p in batch]
        ).values_list("postcode", "easting", "northing")
    }
    changed = [p for p in batch if stored.get(p.postcode) != (p.easting, p.northing)]
    report.count("postcodes", "unchanged", len(batch) - len(changed))
    report.count("postcodes", "created", sum(p.postcode not in stored for p in changed))
    report.count("postcodes", "updated", sum(p.postcode in stored for p in changed))
    if changed:
        Postcode.objects.bulk_create(
            changed,
            update_conflicts=True,
            unique_fields=["postcode"],
            update_fields=["easting", "northing"],
        )
