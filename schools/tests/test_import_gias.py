from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.actors import SYSTEM
from schools.importers.gias import gias_import
from schools.models import School

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[2] / "samples" / "gias"


def test_sample_file_loads_with_a_note_for_the_long_row():
    report = gias_import(path=DATA / "example_schools_data.csv", actor=SYSTEM)
    assert report.ok, report.problems
    assert report.counts["schools"]["created"] == 4
    assert any("139 fields where the header has 133" in n for n in report.notes)
    becket = School.objects.get(urn=126416)
    assert becket.name == "St Thomas à Becket Church of England Aided Primary School"  # cp1252
    fleetville = School.objects.get(urn=117137)
    assert fleetville.status == School.Status.CLOSED
    assert str(fleetville.close_date) == "2012-05-31"
    assert School.objects.get(urn=106653).laestab == "3704027"
    assert School.objects.get(urn=148847).status == School.Status.PROPOSED_TO_OPEN


def test_same_file_twice_changes_nothing():
    gias_import(path=DATA / "example_schools_data.csv", actor=SYSTEM)
    history = School.history.count()
    report = gias_import(path=DATA / "example_schools_data.csv", actor=SYSTEM)
    assert report.changed == 0 and School.history.count() == history


def test_bad_file_explains_the_problem_and_writes_nothing():
    report = gias_import(path=DATA / "example_bad_schools_data.csv", actor=SYSTEM)
    assert [(p.line, p.column) for p in report.problems] == [(2, "EstablishmentName")]
    assert "EstablishmentName is blank" in report.problems[0].message
    assert not School.objects.exists()


def test_missing_required_column(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("URN,EstablishmentName\n100001,X\n")
    report = gias_import(path=path, actor=SYSTEM)
    assert [(p.line, p.column) for p in report.problems] == [(1, "LA (code)")]


@settings(
    max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(st.binary(max_size=400))
def test_never_crashes_on_arbitrary_bytes(tmp_path, raw):
    path = tmp_path / "fuzz.csv"
    path.write_bytes(b"URN,LA (code),EstablishmentName,OpenDate\n" + raw)
    report = gias_import(path=path, dry_run=True, actor=SYSTEM)
    assert report.ok in (True, False)
