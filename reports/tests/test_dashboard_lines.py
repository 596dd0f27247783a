"""The dashboard's children as kept for today (reports.kept_lines) equal the children worked
out now from the facts (reports.child_facts over each roll entry), child by child, after every
kind of change: a placement ended, an SEN status, a date of birth, UASC ceased, a care
episode's legal status, a school's Ofsted rating and LA (read with the school), a child deleted
and a new day; and their count is the roll's, as the home page shows it. And the dashboard
after a change to one child reads the lines: it loads no child's history again."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from children.models import CareEpisode, Child
from children.roll.loader import roll_entries
from children.services import placement_end
from conftest import DEMO_AS_OF as TODAY
from core.actors import SYSTEM
from reports.child_facts import FIELDS, dashboard_child
from reports.kept_lines import kept_children, kept_roll_count
from reports.models import KeptDashboardLine

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(monkeypatch):
    """The demo's day is today: the lines are kept for today only."""
    day = {"today": TODAY}
    real = timezone.localdate  # a time's own day stays its own

    def localdate(value=None, *args, **kwargs):
        return day["today"] if value is None else real(value, *args, **kwargs)

    monkeypatch.setattr(timezone, "localdate", localdate)
    return day


def _named(children) -> dict:
    """Each child's facts by name, by child."""
    named = (SimpleNamespace(**dict(zip(FIELDS, c, strict=True))) for c in children)
    return {c.pk: c for c in named}


def _agree(la, day=TODAY):
    kept = _named(kept_children(la, day))
    entries = roll_entries(Child.objects.filter(la=la), day)
    fresh = _named(dashboard_child(e, day) for e in entries)
    assert kept.keys() == fresh.keys()
    assert [kept[pk] for pk in fresh] == list(fresh.values())
    # The home page's roll count: a line each, as many as the roll's database form finds.
    on_roll = Child.objects.filter(la=la).on_roll(day).count()
    assert kept_roll_count(la.pk, day) == len(fresh) == on_roll
    return fresh


def _on_roll(la):
    return list(Child.objects.filter(la=la).on_roll(TODAY).order_by("la_child_id"))


def test_the_demo_fills_every_rule_so_the_comparisons_test_something(demo_la, today):
    fresh = _agree(demo_la)
    assert KeptDashboardLine.objects.filter(la=demo_la).count() == len(fresh) > 30
    children = fresh.values()
    for rule in ("since", "need", "school_id", "uasc", "school_moves", "care_placements"):
        assert len({getattr(c, rule) for c in children}) >= 2, rule
    assert len({c.legal for c in children}) >= 2 and len({c.sen for c in children}) >= 2
    assert {c.location_label for c in children} >= {"In the LA", "Out of the LA"}


def test_after_a_placement_an_sen_status_a_birthday_and_uasc_ceased(demo_la, today):
    from sen.models import SenStatus
    from sen.services import sen_status_update

    before = _agree(demo_la)
    placed = next(c for c in _on_roll(demo_la) if c.education_placements.filter(ended_on=None))
    placement = placed.education_placements.filter(ended_on=None).first()
    placement_end(placement=placement, ended_on=TODAY - datetime.timedelta(days=1),
                  end_reason="planned", actor=SYSTEM)  # fmt: skip
    after = _agree(demo_la)
    assert after[placed.pk].no_school_place and not before[placed.pk].no_school_place
    child = next(c for c in _on_roll(demo_la)
                 if not SenStatus.objects.filter(child=c, level="E").exists())  # fmt: skip
    sen_status_update(child=child, data={"level": "E", "primary_need": "ASD"}, actor=SYSTEM)
    assert _agree(demo_la)[child.pk].sen != before[child.pk].sen
    child.date_of_birth = child.date_of_birth.replace(year=child.date_of_birth.year + 1)
    child.save()
    assert _agree(demo_la)[child.pk].nc_year == before[child.pk].nc_year - 1
    uasc = next(c for c in _on_roll(demo_la) if c.is_uasc and before[c.pk].uasc)
    uasc.uasc_ceased_on = TODAY - datetime.timedelta(days=1)
    uasc.save()
    assert not _agree(demo_la)[uasc.pk].uasc


def test_after_a_legal_status_and_a_school_changed(demo_la, today):
    before = _agree(demo_la)
    child = _on_roll(demo_la)[0]
    episode = CareEpisode.objects.filter(child=child).latest("started_on")
    episode.legal_status = "C1" if episode.legal_status != "C1" else "C2"
    episode.save()
    assert _agree(demo_la)[child.pk].legal != before[child.pk].legal
    at_school = next(c for c in before.values() if c.school_id and c.ofsted != "Inadequate")
    from schools.models import School

    school = School.objects.get(pk=at_school.school_id)
    school.ofsted_rating, school.la_code = "Inadequate", "999"
    school.save()
    after = _agree(demo_la)[at_school.pk]
    assert after.ofsted == "Inadequate" and after.location_label == "Out of the LA"


def test_after_a_child_is_deleted_and_on_a_new_day(demo_la, today):
    _agree(demo_la)
    from funding.models import PaymentLine
    from peps.models import Pep

    gone = next(c for c in _on_roll(demo_la) if not Pep.objects.filter(child=c).exists()
                and not PaymentLine.objects.filter(child=c).exists())  # fmt: skip
    gone.delete()
    assert gone.pk not in _agree(demo_la)
    today["today"] = TODAY + datetime.timedelta(days=1)
    _agree(demo_la, today["today"])


def test_the_dashboard_after_a_change_loads_no_history(demo_la, today, signed_in, monkeypatch):
    """After one child is saved, the dashboard is worked out again from the kept lines: no
    roll entry is loaded (the cost that grew with the roll), and the figures agree."""
    import reports.dashboard
    from accounts.models import User

    client = signed_in(User.objects.get(email=f"virtual-school-head.{demo_la.code}@demo.invalid"))
    assert client.get("/reports/dashboard/").status_code == 200
    _on_roll(demo_la)[2].save()
    loaded = []
    entries = reports.dashboard.cohort_entries
    monkeypatch.setattr(reports.dashboard, "cohort_entries",
                        lambda *a, **k: loaded.append(1) or entries(*a, **k))  # fmt: skip
    page = client.get("/reports/dashboard/")
    assert page.status_code == 200 and not loaded
    assert "Children on the roll" in page.content.decode()


def test_a_day_of_marks_rebuilds_only_the_kinds_that_read_marks(demo_la, today, tmp_path):
    """The marks writer names the model it wrote (core.kept.kept_refresh_selected): the
    attendance lines of the marks' child are rebuilt, their dashboard line is not (marks change
    nothing it holds), nor their line for the same period last year (a day this term is not in
    it), and all still agree with the facts."""
    from attendance.importers.marks import attendance_import
    from attendance.kept_lines import kept_attended
    from attendance.models import KeptAttendanceLine
    from attendance.tests.helpers import marks_csv
    from reports.kept_last_year import _kept_window, kept_last_year
    from reports.models import KeptLastYearLine

    _agree(demo_la)
    kept_attended(demo_la, _cohort_start(demo_la), TODAY)
    window = _kept_window(demo_la, TODAY)
    last_year = kept_last_year(demo_la, window, TODAY)
    child = next(c for c in _on_roll(demo_la) if c.pk in last_year)
    line = KeptDashboardLine.objects.get(child=child).pk
    attendance = KeptAttendanceLine.objects.get(child=child).pk
    a_year_ago = KeptLastYearLine.objects.get(child=child).pk
    day = TODAY - datetime.timedelta(days=(TODAY.weekday() + 3) % 7 or 7)  # a Friday before
    row = (child.la_child_id, day.isoformat(), "AM", "O")
    assert attendance_import(path=marks_csv(tmp_path, [row]), la=demo_la, actor=SYSTEM).ok
    assert KeptAttendanceLine.objects.get(child=child).pk != attendance
    assert KeptDashboardLine.objects.get(child=child).pk == line
    assert KeptLastYearLine.objects.get(child=child).pk == a_year_ago
    assert kept_last_year(demo_la, window, TODAY) == last_year
    _agree(demo_la)


def _cohort_start(la):
    from attendance.cohort import cohort_default_start

    return cohort_default_start(la, TODAY)


def _shown(cohort) -> tuple:
    """What the roll's cohort page shows."""
    return (cohort.total, cohort.key_stage_rows, cohort.year_rows, cohort.location_rows,
            cohort.uasc, cohort.time_rows)  # fmt: skip


def test_the_roll_cohort_page_counts_the_lines_as_from_the_entries(demo_la, today):
    """The cohort page (children.roll.cohort) for today counts the kept lines in the database:
    the same rows as worked out from every child's roll entry, for the whole LA and for some
    of its children, before and after a change to one child; another day still reads the
    entries."""
    from unittest import mock

    from children.roll import cohort as roll_cohort
    from children.roll.cohort import cohort, cohort_from_entries

    everyone = Child.objects.filter(la=demo_la)
    some = everyone.filter(pk__in=[c.pk for c in _on_roll(demo_la)[::3]])

    def agree():
        found = _shown(cohort(everyone, TODAY, whole=[demo_la.pk]))
        assert found == _shown(cohort_from_entries(everyone, TODAY))
        assert _shown(cohort(some, TODAY)) == _shown(cohort_from_entries(some, TODAY))
        return found

    before = agree()
    assert before[0] > 30 and len([n for _, n in before[5] if n]) >= 3  # bands to tell apart
    assert {label for label, _ in before[3]} >= {"In the LA", "Out of the LA"}
    child = some.on_roll(TODAY).order_by("pk").first()
    child.date_of_birth -= datetime.timedelta(days=366 * 4)  # four year groups up
    child.save()
    assert agree()[2] != before[2]
    with mock.patch.object(
        roll_cohort, "iter_roll_entries", wraps=roll_cohort.iter_roll_entries
    ) as read:
        cohort(everyone, TODAY, whole=[demo_la.pk])
        assert not read.called
        cohort(everyone, TODAY - datetime.timedelta(days=1), whole=[demo_la.pk])
        assert read.called
