"""The payment run's file for the council's finance system: one row per payment line, so each
pound paid to a school names the child and the PEP behind it (docs/data-formats.md)."""

from __future__ import annotations

from core.exports import to_csv
from funding.models import PaymentRun

RUN_COLUMNS = (
    "run_reference",
    "line_id",
    "school_urn",
    "school_name",
    "child_id",
    "pep_id",
    "term",
    "kind",
    "category",
    "amount",
)


def run_rows(run: PaymentRun):
    lines = run.lines.select_related("school", "child", "term").order_by("school__urn", "pk")
    for line in lines:
        term = f"{line.term.get_name_display()} {line.term.academic_year}" if line.term else ""
        yield (
            run.reference,
            line.pk,
            line.school.urn if line.school else "",
            line.school.name if line.school else "",
            line.child.la_child_id,
            line.pep_id,
            term,
            line.kind,
            line.category,
            f"{line.amount:.2f}",
        )


def run_csv(run: PaymentRun) -> bytes:
    return to_csv(RUN_COLUMNS, run_rows(run))
