"""The attendance cohort as the page opens, added up from the kept lines, equals the cohort
worked out in full from the facts (attendance.cohort.cohort_summary) after every kind of change:
marks (new and corrected, by import and one by hand), a placement ended, an SEN status, a date
of birth, the LA's thresholds, the calendar, a census import and a new day."""

import datetime

import pytest

from attendance.cohort import cohort_default_start, cohort_summary
from attendance.importers.marks import attendance_import
from attendance.kept_lines import lines_summary
from attendance.models import Category, KeptAttendanceLine, SessionMark
from attendance.tests.helpers import marks_csv
from authorities.services import local_authority_update
from children.models import Child
from children.services import placement_end
from conftest import DEMO_AS_OF
from core.actors import SYSTEM

pytestmark = pytest.mark.django_db
TODAY = DEMO_AS_OF


def _agree(la, day=TODAY):
    """Read through the page's path (which brings the lines up to date), then compare with the
    cohort worked out now from the facts, group by group and child by child."""
    kept = lines_summary(la, day, with_sen=True)
    fresh = cohort_summary(Child.objects.filter(la=la), cohort_default_start(la, day), day,
                           with_sen=True)  # fmt: skip
    assert kept.total == fresh.total
    assert kept.groups == fresh.groups
    assert list(kept.persistent) == fresh.persistent
    assert list(kept.severe) == fresh.severe
    assert len(kept.persistent) == len(fresh.persistent)
    return fresh


def _on_roll(la):
    return list(Child.objects.filter(la=la).on_roll(TODAY).order_by("la_child_id"))


def test_the_demo_fills_every_group_so_the_comparisons_test_something(demo_la):
    fresh = _agree(demo_la)
    assert fresh.total.children > 30 and fresh.persistent and fresh.severe
    assert all(len(fresh.groups[title]) >= 2 for title in fresh.groups), fresh.groups
    assert KeptAttendanceLine.objects.filter(la=demo_la).count() == fresh.total.children


def test_after_marks_imported_and_corrected(demo_la, tmp_path):
    before = _agree(demo_la)
    child = _on_roll(demo_la)[0]
    days = [TODAY - datetime.timedelta(days=d) for d in range(1, 15)]
    rows = [(child.la_child_id, d.isoformat(), s, "O") for d in days if d.weekday() < 5
            for s in ("AM", "PM")]  # fmt: skip
    assert attendance_import(path=marks_csv(tmp_path, rows), la=demo_la, actor=SYSTEM).ok
    after = _agree(demo_la)
    assert after.total != before.total
    corrected = [(c, d, s, "/") for c, d, s, _ in rows]
    assert attendance_import(path=marks_csv(tmp_path, corrected, name="fix.csv"), la=demo_la,
                             actor=SYSTEM).ok  # fmt: skip
    assert _agree(demo_la).total != after.total


def test_after_a_mark_saved_on_its_own(demo_la):
    before = _agree(demo_la)
    mark = SessionMark.objects.filter(child__la=demo_la, category=Category.PRESENT,
                                      date__lte=TODAY).latest("date")  # fmt: skip
    mark.code, mark.category = "O", Category.UNAUTHORISED
    mark.save()
    assert _agree(demo_la).total != before.total


def test_after_a_placement_ends_an_sen_status_and_a_birthday(demo_la):
    from sen.models import SenStatus
    from sen.services import sen_status_update

    before = _agree(demo_la)
    placed = next(c for c in _on_roll(demo_la) if c.education_placements.filter(ended_on=None)
                  and SessionMark.objects.filter(child=c).exists())  # fmt: skip
    placement = placed.education_placements.filter(ended_on=None).first()
    placement_end(placement=placement, ended_on=TODAY - datetime.timedelta(days=1),
                  end_reason="planned", actor=SYSTEM)  # fmt: skip
    after = _agree(demo_la)
    assert after.groups["School"] != before.groups["School"]
    child = next(c for c in _on_roll(demo_la) if SessionMark.objects.filter(child=c).exists()
                 and not SenStatus.objects.filter(child=c, level="E").exists())  # fmt: skip
    sen_status_update(child=child, data={"level": "E", "primary_need": "ASD"}, actor=SYSTEM)
    after = _agree(demo_la)
    assert after.groups["SEN status"] != before.groups["SEN status"]
    child.date_of_birth = child.date_of_birth.replace(year=child.date_of_birth.year + 1)
    child.save()
    assert _agree(demo_la).groups["Year group"] != after.groups["Year group"]


def test_after_thresholds_a_calendar_a_census_and_a_new_day(demo_la, tmp_path):
    from authorities.terms import calendar_import

    before = _agree(demo_la)
    local_authority_update(la=demo_la, data={"persistent_absence_percent": 5}, actor=SYSTEM)
    assert _agree(demo_la).total.persistent > before.total.persistent
    path = tmp_path / "cal.csv"
    path.write_text(f"type,starts_on,ends_on,description\nclosure,{TODAY},,Snow day\n")
    assert calendar_import(path=path, la=demo_la, actor=SYSTEM).ok
    _agree(demo_la)
    _agree(demo_la, TODAY + datetime.timedelta(days=1))


def test_the_page_reads_the_lines_in_a_fixed_number_of_queries(demo_la, signed_in):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    _agree(demo_la, datetime.date.today())
    vsh = User.objects.get(email=f"virtual-school-head.{demo_la.code}@demo.invalid")
    client = signed_in(vsh)
    with CaptureQueriesContext(connection) as first:
        page = client.get("/attendance/")
    assert page.status_code == 200
    assert not isinstance(page.context["result"].persistent, list)  # the kept lines, paged
    child = _on_roll(demo_la)[2]
    child.save()  # a change to one child: the page reads again, nothing is worked out in full
    with CaptureQueriesContext(connection) as second:
        client.get("/attendance/")
    assert len(second) <= len(first) + 2, [q["sql"][:80] for q in second]


def test_after_a_child_is_deleted_and_a_mark_is_deleted_alone(demo_la):
    """A child's delete cascades to each of its marks; the kept state is refreshed once for
    the child, not once per mark (each would rebuild the child again before it goes)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _agree(demo_la)
    gone, other = _on_roll(demo_la)[:2]
    marks = SessionMark.objects.filter(child=gone).count()
    assert marks > 100
    with CaptureQueriesContext(connection) as queries:
        gone.delete()
    assert len(queries) < marks, f"{len(queries)} queries to delete a child with {marks} marks"
    assert not KeptAttendanceLine.objects.filter(child_id=gone.pk).exists()
    _agree(demo_la)
    SessionMark.objects.filter(child=other, category=Category.PRESENT).first().delete()
    _agree(demo_la)


def test_after_a_day_of_marks_lines_are_retallied_not_worked_out_again(demo_la, tmp_path):
    """A day's import changes only marks: the lines' tallies and flags follow (the labels are
    the roll's on the kept day, unchanged) without the roll entries being loaded again; a child
    with a tally and no line (no marks this term until now) gets the full rule."""
    from unittest import mock

    from attendance import kept_lines
    from children.tests.factories import CareEpisodeFactory, ChildFactory

    _agree(demo_la)
    newcomer = ChildFactory(la=demo_la, la_child_id="NEW1")
    CareEpisodeFactory(child=newcomer, started_on=TODAY - datetime.timedelta(days=3))
    children = _on_roll(demo_la)
    lined = set(KeptAttendanceLine.objects.values_list("child_id", flat=True))
    unmarked = [c for c in children if c.pk not in lined]
    assert unmarked == [newcomer]
    day = TODAY - datetime.timedelta(days=1)
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    rows = [(c.la_child_id, day.isoformat(), s, "O") for c in children for s in ("AM", "PM")]
    worked_out = []
    full_rule = kept_lines.cohort_lines

    def spy(children, start, end):
        worked_out.append(set(children.values_list("pk", flat=True)))
        return full_rule(children, start, end)

    with mock.patch.object(kept_lines, "cohort_lines", spy):
        assert attendance_import(path=marks_csv(tmp_path, rows), la=demo_la, actor=SYSTEM).ok
    assert worked_out == [{c.pk for c in unmarked}]
    assert KeptAttendanceLine.objects.filter(child__in=unmarked).count() == len(unmarked)
    _agree(demo_la)
