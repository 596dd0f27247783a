"""A report as a PDF (WeasyPrint, tagged PDF/UA) and a spreadsheet (one sheet per section), in
the board's version (small numbers suppressed) or the Virtual School's own (not suppressed)."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.template.loader import render_to_string
from openpyxl import Workbook

from core.exports import safe_cell
from reports.content import ReportContent
from reports.figures import SUPPRESSED, secondary_suppression

BOARD_NOTE = (
    "Counts below {t}, and percentages worked out from them, are shown as c so that no child "
    "can be identified."
)


def report_html(content: ReportContent, threshold: int | None, inline_css: str = "") -> str:
    if threshold:
        secondary_suppression(content.sections, threshold)
    context = {
        "content": content,
        "sections": content.sections,
        "threshold": threshold,
        "note": BOARD_NOTE.format(t=threshold) if threshold else "",
        "inline_css": inline_css,
    }
    return render_to_string("reports/report_print.html", context)


def report_pdf(content: ReportContent, threshold: int | None) -> bytes:
    """Tagged PDF/UA with its style inside: WeasyPrint fetches nothing over the network."""
    from core.pdf import print_css, tagged_pdf

    return tagged_pdf(report_html(content, threshold, print_css()))


def report_xlsx(content: ReportContent, threshold: int | None) -> bytes:
    if threshold:
        secondary_suppression(content.sections, threshold)
    book = Workbook()
    about: Any = book.active
    about.title = "About"
    about.append([content.title])
    about.append([f"{content.la.name}: {content.period.label} (figures as at {content.as_of})"])
    about.append([BOARD_NOTE.format(t=threshold) if threshold else "Internal: not suppressed."])
    about.append(["OFFICIAL-SENSITIVE" if not threshold else "OFFICIAL"])
    if content.commentary:
        about.append([safe_cell(content.commentary)])
    for section in content.sections:
        sheet = book.create_sheet(section.key[:31])
        sheet.append([section.title])
        sheet.append(["key", "measure", "number", "of", "per cent"])
        for f in section.all_figures():
            sheet.append(_row(f, threshold))
    sheet = book.create_sheet("Benchmarks")
    sheet.append(["measure", "this LA", "England, looked after", "England, all pupils", "year"])
    for c in content.comparisons:
        sheet.append(_comparison_row(c, threshold))
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _row(f, threshold: int | None) -> list:
    count = f.count_text(threshold)
    number: object = count
    if count not in (SUPPRESSED, "No data") and f.unit != "pounds":
        number = f.value if f.value is not None else f.count
    if f.unit == "pounds":
        number = f.value
    of = f.of
    if of is not None and threshold and f.unit == "children" and 0 < of < threshold:
        of = SUPPRESSED
    percent = f.percent_text(threshold).rstrip("%")
    return [f.key, safe_cell(f.label), number, of, percent]


def _comparison_row(c, threshold: int | None) -> list:
    mine = (
        c.figure.percent_text(threshold)
        if c.shown_as == "percent"
        else c.figure.count_text(threshold)
    )
    return [
        c.figure.label,
        mine,
        c.looked_after.display if c.looked_after else "",
        c.all_pupils.display if c.all_pupils else "",
        c.looked_after.source_year if c.looked_after else "",
    ]
