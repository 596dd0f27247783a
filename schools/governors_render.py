"""The governors' report as a tagged PDF and as an editable Word document (python-docx) for the
designated teacher to add their commentary."""

from __future__ import annotations

import io

from django.template.loader import render_to_string

from core.pdf import print_css, tagged_pdf
from schools.governors import GovernorsReport

MARKING = "OFFICIAL-SENSITIVE: for the governing body, to be minuted as confidential"


def governors_pdf(report: GovernorsReport) -> bytes:
    html = render_to_string(
        "schools/governors_report.html", {"r": report, "inline_css": print_css()}
    )
    return tagged_pdf(html, uncompressed=True)


def governors_docx(report: GovernorsReport) -> bytes:
    from docx import Document

    doc = Document()
    doc.core_properties.title = f"Designated teacher's report to governors, {report.year}"
    doc.core_properties.category = doc.core_properties.keywords = "OFFICIAL-SENSITIVE"
    doc.sections[0].header.paragraphs[0].text = MARKING
    doc.add_heading("Children in care: the designated teacher's report to governors", level=1)
    doc.add_paragraph(
        f"{report.school.name} (URN {report.school.urn}). School year "
        f"{report.year}. Children are not named; counts below {report.threshold} "
        "show as c."
    )
    if report.pupils:
        _counts(doc, report)
        _pupils(doc, report)
    else:
        doc.add_heading("No children in care on roll this year", level=2)
        doc.add_paragraph("Signed: ______________________ (designated teacher)  Date: ________")
    _money_and_training(doc, report)
    doc.add_heading("Commentary", level=2)
    doc.add_paragraph(
        "[Add your commentary: provision, progress, an anonymised case study, the "
        "impact of Pupil Premium Plus and priorities for next year.]"
    )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _table(doc, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = str(text)


def _counts(doc, report: GovernorsReport) -> None:
    doc.add_heading("Children in care on roll", level=2)
    _table(
        doc,
        ["Measure", "Number", "Per cent"],
        [
            [f.label, f.count_text(report.threshold), f.percent_text(report.threshold)]
            for f in report.counts
        ],
    )


def _pupils(doc, report: GovernorsReport) -> None:
    doc.add_heading("Each pupil", level=2)
    _table(
        doc,
        [
            "Pupil",
            "Year group",
            "PEPs signed off",
            "Latest PEP quality",
            "Attendance",
            "Suspensions",
            "Progress",
        ],
        [
            [
                f"Pupil {p.letter}",
                p.year_group,
                p.peps_signed_off,
                p.latest_quality,
                p.attendance,
                p.suspensions,
                p.progress,
            ]
            for p in report.pupils
        ],
    )


def _money_and_training(doc, report: GovernorsReport) -> None:
    doc.add_heading("Pupil Premium Plus", level=2)
    doc.add_paragraph(f"Received or committed this year: £{report.pp_received:,.2f}.")
    for what, amount in report.pp_funded:
        doc.add_paragraph(f"{what}: £{amount:,.2f}", style="List Bullet")
    doc.add_heading("The designated teacher", level=2)
    dt = report.dt
    if dt is None:
        doc.add_paragraph("No designated teacher is recorded for the school.")
        return
    trained = f"; last trained {dt.trained_on:%-d %B %Y}" if dt.trained_on else ""
    doc.add_paragraph(f"{dt.name}, in the role since {dt.started_on:%-d %B %Y}{trained}.")
    for event in report.dt_events:
        doc.add_paragraph(
            f"{event.title}, {event.starts_at:%-d %B %Y} ({event.cpd_hours} CPD hours)",
            style="List Bullet",
        )
