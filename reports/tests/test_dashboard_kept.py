"""The dashboard for a period that runs to today reads the PEPs due and this term's attendance
from the state the service keeps for today (peps.kept_due, attendance.kept_lines): every
section equals the dashboard worked out in full, with and without filters, and after a PEP
is signed off and a mark changes."""

import datetime

import pytest
from django.utils import timezone

import reports.outcomes
from attendance.models import Category, SessionMark
from children.roll.groups import Filters
from conftest import DEMO_AS_OF as TODAY
from reports.dashboard import build_dashboard
from reports.periods import period_from_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(monkeypatch):
    """The demo's day is today: what the service keeps is kept for today only."""
    real = timezone.localdate  # a time's own day stays its own

    def localdate(value=None, *args, **kwargs):
        return TODAY if value is None else real(value, *args, **kwargs)

    monkeypatch.setattr(timezone, "localdate", localdate)
    return TODAY


def _agree(la, filters=None):
    filters = filters or Filters()
    period = period_from_key(la, None, TODAY)
    kept = build_dashboard(la, period, filters, TODAY)
    fresh = build_dashboard(la, period, filters, TODAY, kept=False)
    assert kept.sections == fresh.sections
    return fresh.figures()


def test_the_kept_state_answers_and_agrees(demo_la, today, monkeypatch):
    worked_out = []
    measures = reports.outcomes.measures
    monkeypatch.setattr(reports.outcomes, "measures",
                        lambda *a, **k: worked_out.append(1) or measures(*a, **k))  # fmt: skip
    period = period_from_key(demo_la, None, TODAY)
    build_dashboard(demo_la, period, Filters(), TODAY)
    assert not worked_out  # this term's and last year's came from the kept lines
    figures = _agree(demo_la)
    assert figures["peps.on_time"].count and figures["peps.overdue"].count
    assert figures["attendance.rate"].of and figures["attendance.persistent"].count
    _agree(demo_la, Filters(key_stage="KS2"))
    _agree(demo_la, Filters(location="out"))


def test_after_a_pep_signed_off_and_a_mark_changed(demo_la, today):
    from peps.models import KeptPepDue, Pep, Status

    before = _agree(demo_la)
    due = KeptPepDue.objects.filter(la=demo_la, done=False, pep__isnull=False).first()
    pep = Pep.objects.get(pk=due.pep_id)
    pep.status, pep.signed_off_at = Status.SIGNED_OFF, timezone.now()
    pep.save()
    after = _agree(demo_la)
    assert (
        after["peps.on_time"] != before["peps.on_time"]
        or after["peps.overdue"] != before["peps.overdue"]
    )
    mark = SessionMark.objects.filter(child__la=demo_la, category=Category.PRESENT,
                                      date__lte=TODAY).latest("date")  # fmt: skip
    mark.code, mark.category = "O", Category.UNAUTHORISED
    mark.save()
    assert _agree(demo_la)["attendance.rate"] != after["attendance.rate"]


def test_other_las_children_at_our_schools_follow_their_changes(world):
    """The kept dashboard counts other LAs' children at this LA's schools as they are now: a
    change to one of theirs (their LA's facts, not ours) shows on our next read."""
    import datetime

    from children.roll.rules import school_year
    from reports.dashboard import dashboard_kept
    from reports.periods import year_period

    today = timezone.localdate()
    period = year_period(school_year(today))

    def placed_here() -> int:
        return dashboard_kept(world.la, period, Filters(), today).figures()["cohort.placed_here"]

    assert placed_here().count == 1
    placement = world.other_la_child.education_placements.get(school=world.school)
    placement.ended_on = today - datetime.timedelta(days=1)
    placement.save()
    assert placed_here().count == 0


def test_last_year_after_a_mark_a_year_ago_is_corrected(demo_la, today, tmp_path):
    """The same period last year comes from lines kept per child (reports.kept_last_year): a
    correction to a mark of a year ago shows on the next read, equal to the figures in full."""
    from attendance.importers.marks import attendance_import
    from attendance.tests.helpers import marks_csv
    from core.actors import SYSTEM
    from reports.kept_last_year import last_year_window

    before = _agree(demo_la)
    assert before["attendance.last_year.rate"].of  # the demo holds last year's marks
    start, end = last_year_window(demo_la, period_from_key(demo_la, None, TODAY), TODAY)
    counted = before["attendance.last_year.rate"].children
    mark = SessionMark.objects.filter(child__in=counted, category=Category.PRESENT,
                                      date__range=(start, end)).first()  # fmt: skip
    row = (mark.child.la_child_id, mark.date.isoformat(), mark.session, "O")
    assert attendance_import(path=marks_csv(tmp_path, [row]), la=demo_la, actor=SYSTEM).ok
    after = _agree(demo_la)
    assert after["attendance.last_year.rate"].count == before["attendance.last_year.rate"].count - 1


def test_a_pep_signed_off_after_midnight_on_its_due_day_was_late(demo_la, today):
    """On time means signed off on or before the due date, in the service's time zone. Times
    are stored in UTC: in a British summer, 00:30 the morning after is 23:30 UTC on the due
    date. Paris is an hour ahead in the demo's March, as London is in summer."""
    from peps.dashboard import pep_dashboard
    from peps.models import KeptPepDue, Pep, Status

    _agree(demo_la)  # the PEPs due are kept now
    due = KeptPepDue.objects.filter(la=demo_la, pep__isnull=False, due_on__lte=TODAY).first()
    pep = Pep.objects.get(pk=due.pep_id)
    midnight_utc = datetime.datetime.combine(due.due_on, datetime.time(), tzinfo=datetime.UTC)
    on_time = []
    with timezone.override("Europe/Paris"):
        for hours in (23.5, 22.5):  # 00:30 the next day in Paris, then 23:30 on the day
            pep.status = Status.SIGNED_OFF
            pep.signed_off_at = midnight_utc + datetime.timedelta(hours=hours)
            pep.save()
            figures = _agree(demo_la)
            board = pep_dashboard(demo_la.children.all(), TODAY)
            on_time.append((due.child_id in figures["peps.on_time"].children,
                            figures["peps.on_time"].count, board.total.on_time))  # fmt: skip
    (late, late_count, late_board), (kept, kept_count, kept_board) = on_time
    assert (late, kept) == (False, True)
    assert kept_count - late_count == 1 and kept_board - late_board == 1
