"""GIAS as published now: the April 2025 column set, the links file and a placement at a
replaced school, and inspection outcomes that GIAS no longer carries."""

import csv
import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from children.models import EducationPlacement
from children.selectors import data_quality, with_successors
from core.actors import SYSTEM
from schools.importers.gias import gias_import
from schools.importers.inspections import inspections_import
from schools.importers.links import gias_links_import
from schools.models import School
from schools.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[2] / "samples" / "gias"
D = datetime.date
DROPPED_IN_APRIL_2025 = ("OfstedRating (name)", "OfstedLastInsp", "OfstedSpecialMeasures (name)")


def april_2025_copy(tmp_path: Path) -> Path:
    """The sample file with the columns GIAS dropped in April 2025 taken out."""
    text = (DATA / "example_schools_data.csv").read_bytes().decode("cp1252")
    rows = list(csv.reader(io.StringIO(text)))
    keep = [i for i, name in enumerate(rows[0]) if name not in DROPPED_IN_APRIL_2025]
    assert len(keep) < len(rows[0])
    out = tmp_path / "edubasealldata20250401.csv"
    with out.open("w", newline="", encoding="cp1252") as fh:
        csv.writer(fh).writerows([[r[i] for i in keep if i < len(r)] for r in rows])
    return out


def test_the_april_2025_column_set_keeps_stored_ofsted_data(tmp_path):
    gias_import(path=DATA / "example_schools_data.csv", actor=SYSTEM)
    stored = {s.urn: (s.ofsted_rating, s.ofsted_last_inspection) for s in School.objects.all()}
    assert any(rating for rating, _ in stored.values())
    report = gias_import(path=april_2025_copy(tmp_path), actor=SYSTEM)
    assert report.ok, report.problems
    assert any("OfstedRating (name)" in n and "stored values are kept" in n for n in report.notes)
    assert {s.urn: (s.ofsted_rating, s.ofsted_last_inspection) for s in School.objects.all()} == (
        stored
    )


def _links_file(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "links_edubasealldata20250401.csv"
    path.write_text("URN,LinkURN,LinkName,LinkType,LinkEstablishedDate\n" + "\n".join(rows))
    return path


def test_a_placement_at_a_closed_predecessor_is_listed_and_moves_to_the_successor(
    world, client, tmp_path
):
    old = SchoolFactory(urn=140001, status=School.Status.CLOSED, close_date=D(2025, 8, 31))
    new = SchoolFactory(urn=150001, name="Converter Academy", open_date=D(2025, 9, 1))
    placement = world.child.education_placements.get()
    placement.school, placement.urn, placement.started_on = old, old.urn, D(2024, 9, 1)
    placement.save()
    report = gias_links_import(
        path=_links_file(
            tmp_path,
            [
                "140001,150001,Converter Academy,Successor,01-09-2025",
                "150001,140001,Old School,Predecessor,01-09-2025",
            ],
        ),
        actor=SYSTEM,
    )
    assert report.ok and report.counts["school links"]["created"] == 2
    officer = world.users["data_officer"]
    listed = with_successors(data_quality(user=officer, day=D(2025, 11, 1))["closed"]())
    assert [(p.pk, p.successor) for p in listed] == [(placement.pk, new)]

    client.force_login(officer)
    response = client.post(
        reverse("children:placement_to_successor", args=[world.child.pk, placement.pk])
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.ended_on == D(2025, 8, 31)
    assert placement.end_reason == EducationPlacement.EndReason.SCHOOL_REPLACED
    moved = world.child.education_placements.get(ended_on=None)
    assert (moved.school, moved.started_on) == (new, D(2025, 9, 1))
    page = client.get(reverse("schools:detail", args=[new.urn])).content.decode()
    assert "Replaced" in page and "URN 140001" in page


def test_links_file_problems_are_reported_and_nothing_written(tmp_path):
    report = gias_links_import(
        path=_links_file(tmp_path, ["12,150001,X,Successor,31-02-2025"]), actor=SYSTEM
    )
    assert {p.column for p in report.problems} == {"URN", "LinkEstablishedDate"}


def test_import_gias_links_on_the_command_line(tmp_path):
    path = _links_file(tmp_path, ["140001,150001,Converter Academy,Successor,01-09-2025"])
    out = io.StringIO()
    call_command("import_gias", "--links", str(path), stdout=out)
    assert "school links: 1 created" in out.getvalue()


def test_inspection_outcomes_import_with_date_and_source(tmp_path):
    school = SchoolFactory(urn=160001, ofsted_rating="", ofsted_last_inspection=None)
    path = tmp_path / "inspections.csv"
    path.write_text("URN,InspectionDate,Outcome\n160001,12/03/2026,Secure fit\n")
    assert inspections_import(path=path, actor=SYSTEM).ok
    school.refresh_from_db()
    assert (school.ofsted_rating, school.ofsted_last_inspection, school.ofsted_source) == (
        "Secure fit",
        D(2026, 3, 12),
        School.InspectionSource.IMPORTED,
    )
    path.write_text("URN,InspectionDate,Outcome\n160001,01/01/2024,Older\n999999,x,\n")
    report = inspections_import(path=path, actor=SYSTEM)
    assert {(p.line, p.column) for p in report.problems} == {
        (3, "InspectionDate"),
        (3, "Outcome"),
        (3, "URN"),
    }


def test_a_data_officer_enters_an_inspection_outcome(world, client):
    client.force_login(world.users["data_officer"])
    url = reverse("schools:inspection", args=[world.school.urn])
    response = client.post(url, {"outcome": "", "inspected_on": ""})
    assert "Enter the inspection outcome" in response.content.decode()
    client.post(url, {"outcome": "Strong", "inspected_on": "2026-02-03"})
    world.school.refresh_from_db()
    assert world.school.ofsted_source == School.InspectionSource.ENTERED
    assert world.school.ofsted_rating == "Strong"
