import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from attendance.importers.marks import attendance_import
from attendance.models import (
    AttendancePeriod,
    AttendanceWeek,
    Category,
    SessionMark,
    SessionMarkChange,
)
from attendance.tests.helpers import marks_csv
from attendance.writer import tallies_rebuild
from core.actors import SYSTEM

pytestmark = pytest.mark.django_db


def _rows(child):
    cid = child.la_child_id
    return [
        (cid, "2025-10-06", "AM", "/"),
        (cid, "2025-10-06", "PM", "\\"),
        (cid, "07/10/2025", "AM", "N"),
        (cid, "07/10/2025", "pm", "I"),
    ]


def _weeks():
    return sorted(
        AttendanceWeek.objects.values_list(
            "child_id",
            "week_start",
            "present",
            "approved",
            "authorised",
            "unauthorised",
            "not_possible",
            "no_mark",
        )
    )


def test_import_stores_marks_linked_to_the_placement_school(world, tmp_path):
    report = attendance_import(
        path=marks_csv(tmp_path, _rows(world.child)), la=world.la, actor=SYSTEM
    )
    assert report.ok, report.problems
    assert report.counts["Session marks"] == {"created": 4, "updated": 0, "unchanged": 0}
    marks = list(SessionMark.objects.order_by("date", "session"))
    assert [(m.date.day, m.session, m.code) for m in marks] == [
        (6, "AM", "/"),
        (6, "PM", "\\"),
        (7, "AM", "N"),
        (7, "PM", "I"),
    ]
    assert {m.school_id for m in marks} == {world.school.pk}
    assert marks[2].category == Category.UNAUTHORISED
    week = AttendanceWeek.objects.get()
    assert (week.week_start, week.present, week.authorised, week.unauthorised) == (
        datetime.date(2025, 10, 6),
        2,
        1,
        1,
    )


def test_reimporting_the_same_file_changes_nothing(world, tmp_path):
    path = marks_csv(tmp_path, _rows(world.child))
    attendance_import(path=path, la=world.la, actor=SYSTEM)
    before = _weeks()
    report = attendance_import(path=path, la=world.la, actor=SYSTEM)
    assert report.counts["Session marks"] == {"created": 0, "updated": 0, "unchanged": 4}
    assert _weeks() == before
    assert not SessionMarkChange.objects.exists()


def test_a_deleted_childs_tallies_go_with_them(world, tmp_path):
    """The tallies have no foreign key in the database (the marks' own checks the child):
    deleting a child deletes their weeks and periods all the same."""
    attendance_import(path=marks_csv(tmp_path, _rows(world.child)), la=world.la, actor=SYSTEM)
    ours = {"child_id": world.child.pk}
    assert AttendanceWeek.objects.filter(**ours).exists()
    assert AttendancePeriod.objects.filter(**ours).exists()
    world.child.delete()
    assert not AttendanceWeek.objects.filter(**ours).exists()
    assert not AttendancePeriod.objects.filter(**ours).exists()


def test_a_corrected_mark_changes_one_row_and_keeps_history(world, tmp_path):
    attendance_import(path=marks_csv(tmp_path, _rows(world.child)), la=world.la, actor=SYSTEM)
    corrected = _rows(world.child)
    corrected[2] = (world.child.la_child_id, "2025-10-07", "AM", "M")
    corrected.append((world.child.la_child_id, "2025-10-08", "AM", "/"))  # and one new mark
    report = attendance_import(
        path=marks_csv(tmp_path, corrected, name="b.csv"), la=world.la, actor=SYSTEM
    )
    assert report.counts["Session marks"] == {"created": 1, "updated": 1, "unchanged": 3}
    assert SessionMark.objects.count() == 5
    change = SessionMarkChange.objects.get()
    assert (change.old_code, change.new_code, change.date.day, change.session) == (
        "N",
        "M",
        7,
        "AM",
    )
    assert "b.csv" in change.source
    week = AttendanceWeek.objects.get()
    assert (week.present, week.authorised, week.unauthorised) == (3, 2, 0)
    periods = sorted(AttendancePeriod.objects.values_list())
    before = _weeks()
    tallies_rebuild(la=world.la)
    assert _weeks() == before
    assert sorted(AttendancePeriod.objects.values_list()) == periods


def test_a_file_with_one_bad_row_writes_nothing_and_names_the_row(world, tmp_path):
    rows = [*_rows(world.child), (world.child.la_child_id, "2025-10-08", "AM", "Q9")]
    report = attendance_import(path=marks_csv(tmp_path, rows), la=world.la, actor=SYSTEM)
    assert not report.ok
    [problem] = report.problems
    assert (problem.file, problem.line, problem.column) == ("marks.csv", 6, "code")
    assert "'Q9' is not a national attendance code" in problem.message
    assert not SessionMark.objects.exists() and not AttendanceWeek.objects.exists()


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (("NOPE", "2025-10-06", "AM", "/"), "child_id", "No child with ID NOPE"),
        (("{c}", "2025-13-06", "AM", "/"), "date", "is not a date"),
        (("{c}", "6 Oct 2025", "AM", "/"), "date", "yyyy-mm-dd or dd/mm/yyyy"),
        (("{c}", "2099-01-05", "AM", "/"), "date", "in the future"),
        (("{c}", "2025-10-06", "EVE", "/"), "session", "AM or PM"),
        (("{c}", "2025-10-06", "AM", ""), "code", "A blank code"),
    ],
)
def test_each_kind_of_bad_value_is_named(world, tmp_path, row, column, message):
    row = tuple(v.format(c=world.child.la_child_id) for v in row)
    report = attendance_import(path=marks_csv(tmp_path, [row]), la=world.la, actor=SYSTEM)
    assert [(p.line, p.column) for p in report.problems] == [(2, column)]
    assert message in report.problems[0].message


def test_a_repeated_session_in_one_file_is_a_problem(world, tmp_path):
    """Each repeat names the line it repeats, however its date and session are written."""
    cid = world.child.la_child_id
    rows = [
        *_rows(world.child),  # lines 2 to 5
        (cid, "2025-10-06", "AM", "L"),  # 6: line 2 again
        (cid, "2025-10-08", "AM", "/"),  # 7: new
        (cid, "08/10/2025", "am", "/"),  # 8: line 7 again
        (cid, "2025-10-07", "PM", "/"),  # 9: line 5 again
    ]
    report = attendance_import(path=marks_csv(tmp_path, rows), la=world.la, actor=SYSTEM)
    assert [(p.line, p.column, p.message) for p in report.problems] == [
        (6, "session", "Repeats the mark on line 2"),
        (8, "session", "Repeats the mark on line 7"),
        (9, "session", "Repeats the mark on line 5"),
    ]


def test_a_line_that_is_not_csv_is_a_problem_not_a_crash(world, tmp_path):
    path = tmp_path / "marks.csv"
    huge = "x" * 10_000_001  # beyond the CSV reader's field limit
    path.write_text(
        f'child_id,date,session,code\n{world.child.la_child_id},2025-10-06,AM,/\n"{huge}",,,\n'
    )
    report = attendance_import(path=path, la=world.la, actor=SYSTEM)
    assert [(p.line, p.message[:35]) for p in report.problems] == [
        (3, "This line cannot be read as CSV: fi")
    ]
    assert not SessionMark.objects.exists()


def test_missing_columns_are_reported(world, tmp_path):
    path = marks_csv(tmp_path, [("x", "y")], header="child_id,date")
    report = attendance_import(path=path, la=world.la, actor=SYSTEM)
    assert {p.column for p in report.problems} == {"session", "code"}


def test_withdrawn_codes_import_with_a_warning_counted_as_at_the_time(world, tmp_path):
    cid = world.child.la_child_id
    rows = [
        (cid, "2024-06-03", "AM", "H"),
        (cid, "2024-06-03", "PM", "J"),
        (cid, "2024-06-04", "AM", "Y"),
        (cid, "2024-06-04", "PM", "F"),
    ]
    report = attendance_import(path=marks_csv(tmp_path, rows), la=world.la, actor=SYSTEM)
    assert report.ok, report.problems
    categories = dict(SessionMark.objects.values_list("code", "category"))
    assert categories == {
        "H": Category.AUTHORISED,
        "J": Category.APPROVED,
        "Y": Category.NOT_POSSIBLE,
        "F": Category.AUTHORISED,
    }
    assert any("H is a withdrawn code" in note and "line(s) 2" in note for note in report.notes)


def test_urn_column_links_marks_to_that_school_and_unknown_urns_are_refused(world, tmp_path):
    cid = world.child.la_child_id
    header = "child_id,date,session,code,urn"
    ok = marks_csv(
        tmp_path, [(cid, "2025-10-06", "AM", "D", world.other_school.urn)], header=header
    )
    assert attendance_import(path=ok, la=world.la, actor=SYSTEM).ok
    assert SessionMark.objects.get().school_id == world.other_school.pk
    bad = marks_csv(
        tmp_path, [(cid, "2025-10-06", "PM", "/", "999999")], header=header, name="b.csv"
    )
    report = attendance_import(path=bad, la=world.la, actor=SYSTEM)
    assert [(p.line, p.column) for p in report.problems] == [(2, "urn")]


def test_a_dry_run_counts_but_writes_nothing(world, tmp_path):
    report = attendance_import(
        path=marks_csv(tmp_path, _rows(world.child)), la=world.la, dry_run=True, actor=SYSTEM
    )
    assert report.counts["Session marks"]["created"] == 4
    assert not SessionMark.objects.exists()


def test_children_of_another_la_cannot_be_marked(world, tmp_path):
    rows = [(world.other_la_child.la_child_id, "2025-10-06", "AM", "/")]
    report = attendance_import(path=marks_csv(tmp_path, rows), la=world.la, actor=SYSTEM)
    assert report.problems[0].column == "child_id"


def test_command_exits_non_zero_with_the_row_level_report(world, tmp_path, capsys):
    rows = [(world.child.la_child_id, "2025-10-06", "AM", "??")]
    problems = tmp_path / "problems.csv"
    with pytest.raises(CommandError, match="1 problem"):
        call_command(
            "import_attendance", str(marks_csv(tmp_path, rows)), la="330", report=str(problems)
        )
    assert "marks.csv,2,code," in problems.read_text()


def test_command_imports_and_prints_counts(world, tmp_path, capsys):
    call_command("import_attendance", str(marks_csv(tmp_path, _rows(world.child))), la="330")
    assert "Session marks: 4 created, 0 updated, 0 unchanged" in capsys.readouterr().out


def test_termly_summary_counts_for_children_without_daily_marks(world, tmp_path):
    from attendance.importers.termly import termly_import
    from attendance.measures import child_measures
    from authorities.terms import calendar_set_typical

    calendar_set_typical(la=world.la, years=[2024])
    path = tmp_path / "census.csv"
    path.write_text(
        "child_id,academic_year,term,sessions_possible,I,N\n"
        f"{world.child.la_child_id},2024,autumn,140,6,10\n"
    )
    report = termly_import(path=path, la=world.la, actor=SYSTEM)
    assert report.ok, report.problems
    assert (
        termly_import(path=path, la=world.la, actor=SYSTEM).counts["Termly summaries"]["unchanged"]
        == 1
    )
    tally = child_measures(world.child, datetime.date(2024, 9, 1), datetime.date(2024, 12, 31))
    assert (tally.possible, tally.present, tally.authorised, tally.unauthorised) == (
        140,
        124,
        6,
        10,
    )
    assert tally.codes["N"] == 10 and tally.persistent()
    # Daily marks in the term take precedence over the census summary.
    attendance_import(
        path=marks_csv(tmp_path, [(world.child.la_child_id, "2024-10-01", "AM", "/")]),
        la=world.la,
        actor=SYSTEM,
    )
    tally = child_measures(world.child, datetime.date(2024, 9, 1), datetime.date(2024, 12, 31))
    assert tally.possible == 1


def test_termly_summary_problems_are_named(world, tmp_path):
    from attendance.importers.termly import termly_import

    path = tmp_path / "census.csv"
    path.write_text(
        "child_id,academic_year,term,sessions_possible,I,/\n"
        f"{world.child.la_child_id},2024,winter,10,20,0\n"
    )
    report = termly_import(path=path, la=world.la, actor=SYSTEM)
    assert {(p.line, p.column) for p in report.problems} == {
        (1, "/"),
        (2, "term"),
        (2, "sessions_possible"),
    }
