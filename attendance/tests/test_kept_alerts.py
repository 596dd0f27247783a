"""The kept alerts equal a rebuild from the facts after every kind of change: marks (new and
corrected), an exclusion (by hand and imported), a placement ended, the LA's thresholds, the
calendar, a new return, and a new day. Run on the demo LA, whose generated marks raise every
kind of alert."""

import datetime

import pytest

from attendance.alerts import compute_alerts
from attendance.importers.exclusions import exclusions_import
from attendance.importers.marks import attendance_import
from attendance.kept_alerts import attendance_alerts, open_alerts
from attendance.models import KeptAlert
from attendance.services import exclusion_record
from attendance.tests.helpers import marks_csv
from authorities.services import local_authority_update
from children.models import Child
from children.services import placement_end
from conftest import DEMO_AS_OF
from core.actors import SYSTEM

pytestmark = pytest.mark.django_db
TODAY = DEMO_AS_OF


def _agree(la, day=TODAY) -> set:
    """Read through the pages' path (which brings the kept rows up to date), then compare the
    kept rows with alerts worked out from the facts now."""
    attendance_alerts(Child.objects.filter(la=la), day)
    kept = {(a.child_id, a.kind, a.since, a.detail) for a in KeptAlert.objects.filter(la=la)}
    fresh = {
        (a.child.pk, a.kind, a.since, a.detail)
        for a in compute_alerts(Child.objects.filter(la=la), day)
    }
    assert kept == fresh
    return kept


def _on_roll(la):
    return list(Child.objects.filter(la=la).on_roll(TODAY).order_by("la_child_id"))


def test_the_demo_raises_every_kind_so_the_comparisons_test_something(demo_la):
    kinds = {kind for _, kind, _, _ in _agree(demo_la)}
    assert len(kinds) >= 4, kinds


def test_after_marks_and_a_correction(demo_la, tmp_path):
    before = _agree(demo_la)
    child = _on_roll(demo_la)[0]
    days = [TODAY - datetime.timedelta(days=d) for d in range(1, 15)]
    rows = [(child.la_child_id, d.isoformat(), s, "N") for d in days if d.weekday() < 5
            for s in ("AM", "PM")]  # fmt: skip
    assert attendance_import(path=marks_csv(tmp_path, rows), la=demo_la, actor=SYSTEM).ok
    after = _agree(demo_la)
    assert after != before  # ten or more N marks in a row: "may be missing education"
    corrected = [(c, d, s, "/") for c, d, s, _ in rows]
    path = marks_csv(tmp_path, corrected, name="fix.csv")
    assert attendance_import(path=path, la=demo_la, actor=SYSTEM).ok
    assert _agree(demo_la) != after


def test_after_an_exclusion_by_hand_and_imported(demo_la, tmp_path):
    _agree(demo_la)
    first, second = _on_roll(demo_la)[:2]
    exclusion_record(child=first, kind="suspension", starts_on=TODAY, sessions=2,
                     reasons=["PA"], actor=SYSTEM)  # fmt: skip
    assert (first.pk, "exclusion") in {(c, k) for c, k, _, _ in _agree(demo_la)}
    path = tmp_path / "ex.csv"
    path.write_text(f"child_id,type,start_date,sessions,reasons\n"
                    f"{second.la_child_id},suspension,{TODAY},4,PA\n")  # fmt: skip
    assert exclusions_import(path=path, la=demo_la, actor=SYSTEM).ok
    assert (second.pk, "exclusion") in {(c, k) for c, k, _, _ in _agree(demo_la)}


def test_after_a_placement_ends_thresholds_change_and_a_new_day(demo_la):
    _agree(demo_la)
    placed = next(c for c in _on_roll(demo_la) if c.education_placements.filter(ended_on=None))
    placement = placed.education_placements.filter(ended_on=None).first()
    placement_end(placement=placement, ended_on=TODAY - datetime.timedelta(days=1),
                  end_reason="planned", actor=SYSTEM)  # fmt: skip
    _agree(demo_la)
    local_authority_update(la=demo_la, data={"consecutive_unexplained_absences": 2},
                           actor=SYSTEM)  # fmt: skip
    _agree(demo_la)
    _agree(demo_la, TODAY + datetime.timedelta(days=1))


def test_after_a_new_calendar(demo_la, tmp_path):
    from authorities.terms import calendar_import

    _agree(demo_la)
    path = tmp_path / "cal.csv"
    path.write_text(f"type,starts_on,ends_on,description\nclosure,{TODAY},,Snow day\n")
    assert calendar_import(path=path, la=demo_la, actor=SYSTEM).ok
    _agree(demo_la)


def test_the_pages_read_pages_of_alerts_in_the_database(demo_la, django_assert_max_num_queries):
    _agree(demo_la)
    alerts = open_alerts(Child.objects.filter(la=demo_la), TODAY)
    with django_assert_max_num_queries(3):  # the day check, one page, the count
        shown, total = alerts[:5], len(alerts)
    assert len(shown) == min(5, total)


def test_the_full_alert_list_filters_by_kind_and_pages_in_the_database(
    demo_la, signed_in, django_assert_max_num_queries
):
    from accounts.models import User
    from attendance.kept_alerts import alerts_for, open_alerts

    vsh = User.objects.get(email=f"virtual-school-head.{demo_la.code}@demo.invalid")
    every = list(open_alerts(Child.objects.filter(la=demo_la), datetime.date.today(),
                             whole=[demo_la.pk]))  # fmt: skip
    assert every
    client = signed_in(vsh)
    page = client.get("/attendance/alerts/")
    assert page.status_code == 200 and page.context["page"].paginator.count == len(every)
    kind = every[0].kind
    only = client.get(f"/attendance/alerts/?kind={kind}").context["page"]
    assert {a.kind for a in only} == {kind}
    assert only.paginator.count == sum(1 for a in every if a.kind == kind)
    found = alerts_for(vsh, datetime.date.today())
    with django_assert_max_num_queries(3):  # the day check, the count, one page
        len(found), found[:50]


def test_the_children_behind_alerts_are_made_only_when_named(demo_la):
    """compute_alerts' children (attendance.alerts.OnRoll): every child on the roll, in the
    order given, each made as a Child of its id and LA only when an alert names it."""
    from attendance.alerts import OnRoll

    ids = list(Child.objects.filter(la=demo_la).order_by("-pk").values_list("pk", flat=True)[:3])
    kids = OnRoll(demo_la.pk, ids)
    assert list(kids) == ids and len(kids) == 3 and ids[1] in kids and -1 not in kids
    assert not kids._made  # asking who is there made no child
    child = kids[ids[1]]
    assert (child.pk, child.la_id, child.la_child_id) == (
        ids[1],
        demo_la.pk,
        Child.objects.get(pk=ids[1]).la_child_id,
    )
    assert kids[ids[1]] is child and list(kids._made) == [ids[1]]
    with pytest.raises(KeyError):
        kids[-1]
