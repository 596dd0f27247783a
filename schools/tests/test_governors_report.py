"""The designated teacher's report to governors: no child's name, date of birth or UPN in the
PDF's text or the Word document; small counts suppressed; a version for no children in care."""

import datetime
import io
import zipfile

import pytest
from django.core.management import call_command

from schools.governors import governors_report
from schools.governors_render import governors_docx, governors_pdf
from schools.models import DesignatedTeacher

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _year(day):
    first = day.year if day.month >= 9 else day.year - 1
    return f"{first}-{(first + 1) % 100:02d}"


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())  # table cells wrap: read it as one line of words


def test_no_child_is_named_and_small_counts_are_suppressed(world):
    DesignatedTeacher.objects.create(
        school=world.school, name="Dana Teach", started_on=datetime.date(2020, 9, 1)
    )
    from attainment.models import AssessmentResult

    AssessmentResult.objects.create(
        child=world.child,
        academic_year=int(_year(TODAY)[:4]),
        term="autumn",
        subject="maths",
        kind="teacher",
        result="EXS",
        progress="expected",
    )
    report = governors_report(world.school, _year(TODAY), TODAY)
    assert [p.letter for p in report.pupils] == ["A", "B"]  # Ada (330) and Cara (331)
    pdf = governors_pdf(report)
    assert b"/StructTreeRoot" in pdf
    text = _pdf_text(pdf)
    docx = zipfile.ZipFile(io.BytesIO(governors_docx(report))).read("word/document.xml").decode()
    for child in (world.child, world.other_la_child):
        for secret in (
            child.forename,
            child.surname,
            child.upn,
            child.date_of_birth.strftime("%d/%m/%Y"),
            child.date_of_birth.isoformat(),
            child.la_child_id,
        ):
            if secret:
                assert secret not in text and secret not in docx, secret
    assert "Pupil A" in text and "Pupil B" in text and "Dana Teach" in text
    assert "Expected or better in 1 of 1 subjects" in text
    on_roll = next(f for f in report.counts if f.key == "on_roll")
    assert on_roll.count == 2 and on_roll.count_text(report.threshold) == "c"


def test_a_school_with_no_children_in_care_gets_the_signed_page(world, tmp_path):
    from schools.tests.factories import SchoolFactory

    empty = SchoolFactory(la_code="330", name="Quiet Primary")
    out = tmp_path / "report.pdf"
    call_command(
        "dt_governor_report",
        "--school",
        str(empty.urn),
        "--year",
        _year(TODAY),
        "--output",
        str(out),
    )
    assert "No children in care on roll this year" in _pdf_text(out.read_bytes())
