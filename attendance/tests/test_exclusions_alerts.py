import datetime

import pytest
from django.core.exceptions import ValidationError

from attendance.alerts import Kind
from attendance.exclusions import child_exclusions
from attendance.importers.exclusions import exclusions_import
from attendance.importers.marks import attendance_import
from attendance.kept_alerts import attendance_alerts
from attendance.models import Exclusion
from attendance.services import alert_action_record, exclusion_record
from attendance.tests.helpers import marks_csv
from authorities.calendar import school_day_checker, school_days
from authorities.models import ClosureDay
from authorities.terms import calendar_set_typical
from children.models import Child
from core.actors import SYSTEM

pytestmark = pytest.mark.django_db
D = datetime.date


def test_sixth_school_day_skips_weekends_bank_holidays_and_closures(world):
    ClosureDay.objects.create(la=world.la, date=D(2025, 12, 19), description="INSET")
    # Wed 17 Dec 2025: 17, 18, (19 closed), 22, 23, (24 is a school day: no terms set), ...
    exclusion = exclusion_record(
        child=world.child,
        kind="suspension",
        starts_on=D(2025, 12, 17),
        sessions=14,
        reasons=["PA"],
        actor=world.users["virtual_school_head"],
    )
    [view] = child_exclusions(world.child, D(2026, 1, 10)).items
    # 17, 18, 22, 23, 24, then 25/26 Dec bank holidays, so the 6th is Monday 29 December.
    assert view.sixth_day == D(2025, 12, 29)
    assert view.provision_in_place is False
    exclusion.provision_from = D(2025, 12, 29)
    exclusion.save()
    assert child_exclusions(world.child, D(2026, 1, 10)).items[0].provision_in_place


def test_short_suspensions_need_no_day_six_provision_and_the_cap_is_counted(world):
    calendar_set_typical(la=world.la, years=[2025])
    for i in range(5):
        exclusion_record(
            child=world.child,
            kind="suspension",
            starts_on=D(2025, 10, 1 + i * 7),
            sessions=19,
            reasons=["DB"],
            actor=SYSTEM,
        )
    # Last school year's does not count against this year's cap.
    exclusion_record(
        child=world.child,
        kind="suspension",
        starts_on=D(2025, 6, 2),
        sessions=20,
        reasons=["DB"],
        actor=SYSTEM,
    )
    summary = child_exclusions(world.child, D(2025, 12, 1))
    assert summary.suspension_days_this_year == 47.5 and summary.over_cap
    short = exclusion_record(
        child=world.child,
        kind="suspension",
        starts_on=D(2025, 11, 24),
        sessions=2,
        reasons=["DB"],
        actor=SYSTEM,
    )
    views = {v.exclusion.pk: v for v in child_exclusions(world.child, D(2025, 12, 1)).items}
    assert views[short.pk].sixth_day is None
    assert views[short.pk].provision_text.startswith("Not needed")


def test_exclusion_validation(world):
    with pytest.raises(ValidationError):
        exclusion_record(
            child=world.child,
            kind="suspension",
            starts_on=D(2025, 10, 1),
            reasons=["PA"],
            actor=SYSTEM,
        )
    with pytest.raises(ValidationError):
        exclusion_record(
            child=world.child,
            kind="permanent",
            starts_on=D(2025, 10, 1),
            reasons=["ZZ"],
            actor=SYSTEM,
        )


def test_exclusions_import_is_all_or_nothing_and_idempotent(world, tmp_path):
    cid = world.child.la_child_id
    path = tmp_path / "ex.csv"
    path.write_text(
        f"child_id,type,start_date,sessions,reasons\n{cid},suspension,2025-10-01,4,PA;VA\n"
        f"{cid},permanent,2025-11-03,,PH\n"
    )
    assert exclusions_import(path=path, la=world.la, actor=SYSTEM).ok
    assert (
        exclusions_import(path=path, la=world.la, actor=SYSTEM).counts["Exclusions"]["unchanged"]
        == 2
    )
    assert Exclusion.objects.get(kind="suspension").reasons == ["PA", "VA"]
    bad = tmp_path / "bad.csv"
    bad.write_text(
        f"child_id,type,start_date,sessions,reasons\n{cid},suspension,2025-12-01,,PA\n"
        f"{cid},expelled,2025-12-02,2,PA\n"
    )
    report = exclusions_import(path=bad, la=world.la, actor=SYSTEM)
    assert [(p.line, p.column) for p in report.problems] == [(2, "sessions"), (3, "type")]
    assert Exclusion.objects.count() == 2


def _kinds(world, today):
    return {(a.child.pk, a.kind) for a in attendance_alerts(Child.objects.all(), today)}


def test_an_exclusion_alerts_at_once_until_an_action_is_recorded(world):
    today = D(2025, 11, 20)
    exclusion_record(
        child=world.child,
        kind="suspension",
        starts_on=today,
        sessions=2,
        reasons=["PA"],
        actor=SYSTEM,
    )
    assert (world.child.pk, Kind.EXCLUSION) in _kinds(world, today)
    alert_action_record(
        child=world.child,
        kind=Kind.EXCLUSION,
        since=today,
        action="Spoke to the head; PEP meeting booked",
        actor=world.users["virtual_school_head"],
    )
    assert (world.child.pk, Kind.EXCLUSION) not in _kinds(world, today)


def test_attendance_alerts_fire_on_their_thresholds(world, tmp_path):
    calendar_set_typical(la=world.la, years=[2025])
    checker = school_day_checker(world.la)
    autumn = school_days(world.la, D(2025, 9, 3), D(2025, 11, 14), checker=checker)
    cid, other = world.child.la_child_id, world.unlinked_child.la_child_id
    rows = []
    for day in autumn:
        recent = day >= autumn[-5]
        for session in ("AM", "PM"):
            rows.append((cid, day, session, "N" if recent else ("C2" if session == "PM" else "/")))
            if day < autumn[-10]:
                rows.append((other, day, session, "/"))
    attendance_import(path=marks_csv(tmp_path, rows), la=world.la, actor=SYSTEM)
    found = _kinds(world, D(2025, 11, 17))
    assert (world.child.pk, Kind.MISSING) in found  # 10 sessions of N
    # Thresholds are the LA's: a council that waits for 11 sessions is not alerted yet.
    world.la.consecutive_unexplained_absences = 11
    world.la.save()
    assert (world.child.pk, Kind.MISSING) not in _kinds(world, D(2025, 11, 17))
    assert (world.child.pk, Kind.PERSISTENT) in found  # half the PMs are C2
    assert (world.child.pk, Kind.PART_TIME) not in found  # C2 stopped a week ago
    assert (world.unlinked_child.pk, Kind.DATA_GAP) in found
    assert (world.child.pk, Kind.DATA_GAP) not in found


def test_marks_that_stopped_before_the_weeks_read_leave_a_data_gap(world, tmp_path):
    """A child whose marks stopped before the four weeks of marks the alerts read: the gap is
    found from their weekly tallies (the last week with marks), beside a child marked to the
    end and one who has no marks at all (no gap: there were never marks to stop)."""
    calendar_set_typical(la=world.la, years=[2025])
    checker = school_day_checker(world.la)
    autumn = school_days(world.la, D(2025, 9, 3), D(2025, 11, 14), checker=checker)
    early = [day for day in autumn if day <= D(2025, 10, 3)]
    rows = [(world.unlinked_child.la_child_id, day, s, "/") for day in early for s in ("AM", "PM")]
    rows += [(world.child.la_child_id, day, s, "/") for day in autumn for s in ("AM", "PM")]
    assert attendance_import(path=marks_csv(tmp_path, rows), la=world.la, actor=SYSTEM).ok
    found = {
        (a.child.pk, a.kind): a for a in attendance_alerts(Child.objects.all(), D(2025, 11, 17))
    }
    gap = found[world.unlinked_child.pk, Kind.DATA_GAP]
    assert gap.detail == "No marks for over four weeks"
    assert (
        early[-1] - datetime.timedelta(days=6) < gap.since <= early[-1] + datetime.timedelta(days=1)
    )
    assert not {pk for pk, kind in found if kind == Kind.DATA_GAP} - {world.unlinked_child.pk}
