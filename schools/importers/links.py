"""Import the GIAS links file (`links_edubasealldata YYYYMMDD.csv`:
URN,LinkURN,LinkName,LinkType,LinkEstablishedDate), which ties a closed school to the one that
replaced it. All-or-nothing, idempotent on (URN, LinkURN, LinkType); Windows-1252 like GIAS."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from imports.parsing import parse_date, parse_int
from imports.problems import Report
from imports.tables import has_columns, read_csv
from imports.upsert import upsert
from schools.models import SchoolLink

REQUIRED = ("URN", "LinkURN", "LinkType")


def gias_links_import(
    *, path: Path, dry_run: bool = False, actor, display_name: str | None = None, progress=None
) -> Report:
    report = Report()
    table = read_csv(path, display_name=display_name)
    if not has_columns(table, REQUIRED, report):
        return report
    rows, seen = [], set()
    for row in table.rows:

        def fail(column: str, message: str, line=row.line) -> None:
            report.problem(table.file, line, column, message)

        urn, error = parse_int(row.get("URN"), low=100000, high=999999)
        if error or urn is None:
            fail("URN", f"URN {error or 'is blank'}")
        link_urn, error = parse_int(row.get("LinkURN"), low=100000, high=999999)
        if error or link_urn is None:
            fail("LinkURN", f"LinkURN {error or 'is blank'}")
        link_type = row.get("LinkType")
        if not link_type:
            fail("LinkType", "LinkType is blank")
        established, error = parse_date(row.get("LinkEstablishedDate"), formats=("dmy-dash", "dmy"))
        if error:
            fail("LinkEstablishedDate", f"LinkEstablishedDate {error}")
        key = (urn, link_urn, link_type)
        if key in seen:
            continue  # the same link listed twice is one link
        seen.add(key)
        rows.append(
            {"urn": urn, "link_urn": link_urn, "link_type": link_type[:100],
             "link_name": row.get("LinkName")[:200], "established_on": established}
        )  # fmt: skip
    if report.ok and not dry_run:
        with transaction.atomic():
            upsert(SchoolLink, key=("urn", "link_urn", "link_type"), rows=rows,
                   existing=SchoolLink.objects.all(), report=report, label="school links",
                   actor=actor)  # fmt: skip
    elif report.ok:
        report.notes.append("Dry run: everything checked, nothing written.")
    return report
