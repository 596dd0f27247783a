"""Generated marks and the report agree with attendance.md, computed independently."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command

from attendance.generate import attendance_generate
from attendance.importers.marks import attendance_import
from attendance.measures import child_measures, measures
from attendance.models import AttendancePeriod, AttendanceWeek, Exclusion, SessionMark
from attendance.tests.helpers import expected, marks_csv
from attendance.writer import tallies_rebuild
from authorities.terms import calendar_set_typical
from children.tests.factories import CareEpisodeFactory, ChildFactory, EducationPlacementFactory
from core.actors import SYSTEM

pytestmark = pytest.mark.django_db
START, END = datetime.date(2025, 9, 1), datetime.date(2026, 7, 31)


@pytest.fixture
def cohort(world):
    calendar_set_typical(la=world.la, years=[2025])
    kids = [world.child, world.unlinked_child]
    for n in range(38):  # IDs of their own: the generator seeds each child by its ID
        child = ChildFactory(la=world.la, la_child_id=f"GEN{n:03d}")
        CareEpisodeFactory(child=child)
        EducationPlacementFactory(child=child, school=world.school)
        kids.append(child)
    return kids


def _report(world, start, end):
    out = io.StringIO()
    call_command(
        "attendance_report", "--la", "330", "--from", str(start), "--to", str(end), stdout=out
    )
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def _independent(child_ids, start, end):
    codes: dict[int, list[str]] = {}
    for child_id, day, code in SessionMark.objects.values_list("child_id", "date", "code"):
        if start <= day <= end:
            codes.setdefault(child_id, []).append(code)
    return {c: expected(v) for c, v in codes.items() if c in child_ids}


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (START, END),
        (datetime.date(2025, 10, 8), datetime.date(2026, 2, 11)),
        (datetime.date(2026, 3, 4), datetime.date(2026, 3, 6)),
    ],
)
def test_report_agrees_with_the_definitions_on_generated_marks(world, cohort, start, end):
    result = attendance_generate(la=world.la, start=START, end=END, seed=7, actor=SYSTEM)
    assert result.children == 40 and result.marks.created > 10000
    rows = _report(world, start, end)
    ids = {c.pk: c.la_child_id for c in cohort}
    truth = _independent(set(ids), start, end)
    assert [r["child_id"] for r in rows] == sorted(ids[c] for c in truth)
    by_id = {r["child_id"]: r for r in rows}
    for pk, want in truth.items():
        row = by_id[ids[pk]]
        assert int(row["possible_sessions"]) == want["possible"]
        assert int(row["present"]) == want["present"]
        assert int(row["authorised_absence"]) == want["authorised"]
        assert int(row["unauthorised_absence"]) == want["unauthorised"]
        rate = round(want["present"] / want["possible"], 4) if want["possible"] else None
        assert (float(row["attendance_rate"]) if row["attendance_rate"] else None) == rate
        assert row["persistent_absence"] == str(want["persistent"]).lower()
        assert row["severe_absence"] == str(want["severe"]).lower()


def test_generated_year_has_the_variety_a_demo_needs(world, cohort):
    attendance_generate(la=world.la, start=START, end=END, seed=7, actor=SYSTEM)
    codes = set(SessionMark.objects.values_list("code", flat=True))
    assert {"/", "\\", "L", "I", "N", "C2", "E"} <= codes
    tallies = measures([c.pk for c in cohort], START, END)
    assert any(t.persistent() for t in tallies.values())
    assert any(not t.persistent() for t in tallies.values())
    assert Exclusion.objects.filter(kind="suspension").exists()


def test_generating_twice_changes_nothing_and_tallies_match_a_rebuild(world, cohort):
    attendance_generate(la=world.la, start=START, end=END, seed=7, actor=SYSTEM)
    again = attendance_generate(la=world.la, start=START, end=END, seed=7, actor=SYSTEM)
    assert again.marks.created == again.marks.updated == 0
    stored = sorted(AttendanceWeek.objects.values_list())
    periods = sorted(AttendancePeriod.objects.values_list())
    assert len(periods) >= 40 * 3
    tallies_rebuild(la=world.la)
    assert sorted(AttendanceWeek.objects.values_list()) == stored
    assert sorted(AttendancePeriod.objects.values_list()) == periods


EDGE_CODES = ["D", "X", "Z", "#", "Q", "Y1", "Y7", "-", "B", "K", "C2", "E", "/", "N", "I"]


def test_edge_codes_count_as_attendance_md_says(world, tmp_path):
    cid = world.child.la_child_id
    day = datetime.date(2025, 11, 3)
    rows = []
    for i, code in enumerate(EDGE_CODES):
        rows.append(
            (
                cid,
                (day + datetime.timedelta(days=i // 2)).isoformat(),
                "AM" if i % 2 == 0 else "PM",
                code,
            )
        )
    rows += [(cid, "2024-06-03", "AM", "H"), (cid, "2024-06-03", "PM", "J")]
    assert attendance_import(path=marks_csv(tmp_path, rows), la=world.la, actor=SYSTEM).ok
    tally = child_measures(
        world.child, datetime.date(2024, 6, 1), day + datetime.timedelta(days=10)
    )
    want = expected([*EDGE_CODES, "H", "J"])
    assert (tally.possible, tally.present, tally.authorised, tally.unauthorised) == (
        want["possible"],
        want["present"],
        want["authorised"],
        want["unauthorised"],
    )
    assert tally.no_mark == 1 and tally.codes["-"] == 1 and tally.codes["H"] == 1
    assert tally.not_possible == sum(c in ["D", "X", "Z", "#", "Q", "Y1", "Y7"] for c in EDGE_CODES)


def test_persistent_and_severe_absence_thresholds_are_inclusive(world, tmp_path):
    cid = world.child.la_child_id
    days = [datetime.date(2025, 11, 3) + datetime.timedelta(days=i) for i in range(5)]
    # 10 sessions, 1 absent: exactly 10% is persistent absence.
    rows = [(cid, d.isoformat(), s, "/") for d in days for s in ("AM", "PM")]
    rows[0] = (cid, days[0].isoformat(), "AM", "O")
    attendance_import(path=marks_csv(tmp_path, rows), la=world.la, actor=SYSTEM)
    tally = child_measures(world.child, days[0], days[-1])
    assert tally.possible == 10 and tally.persistent() and not tally.severe()
    assert str(tally.attendance_rate) == "0.9"


def test_changing_term_dates_recounts_the_term_tallies(world, cohort, tmp_path):
    from authorities.terms import calendar_import

    attendance_generate(la=world.la, start=START, end=END, seed=3, actor=SYSTEM)
    path = tmp_path / "calendar.csv"
    path.write_text(
        "type,starts_on,ends_on,description\n"
        "autumn,2025-09-08,2025-12-12,\nspring,2026-01-12,2026-03-27,\n"
    )
    assert calendar_import(path=path, la=world.la, actor=SYSTEM).ok
    starts = set(AttendancePeriod.objects.values_list("starts_on", flat=True))
    assert datetime.date(2025, 9, 8) in starts and datetime.date(2026, 1, 12) in starts
    start, end = datetime.date(2025, 9, 8), datetime.date(2026, 3, 27)
    ids = {c.pk: c.la_child_id for c in cohort}
    truth = _independent(set(ids), start, end)
    rows = {r["child_id"]: r for r in _report(world, start, end)}
    for pk, want in truth.items():
        assert int(rows[ids[pk]]["possible_sessions"]) == want["possible"]
        assert int(rows[ids[pk]]["unauthorised_absence"]) == want["unauthorised"]
