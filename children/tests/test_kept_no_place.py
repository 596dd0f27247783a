"""Children without a school place, kept for the home pages, equal a rebuild from the facts
(children.alerts) after every kind of change: a placement ended or started, a new period of
care, the LA's threshold, a new day."""

import datetime

import pytest

from children.alerts import no_school_place_alerts
from children.kept_no_place import no_place_alerts
from children.models import Child, EducationPlacement
from children.tests.factories import CareEpisodeFactory
from conftest import DEMO_AS_OF

pytestmark = pytest.mark.django_db
TODAY = DEMO_AS_OF


def _key(a) -> tuple:
    return (a.child.pk, a.since, a.school_days, a.overdue)


def _agree(la, day=TODAY) -> list:
    children = Child.objects.filter(la=la)
    kept = [_key(a) for a in no_place_alerts(children, day)]
    fresh = [_key(a) for a in no_school_place_alerts(children, day)]
    assert sorted(kept) == sorted(fresh)
    return kept


def test_kept_equals_a_rebuild_after_each_kind_of_change(demo_la):
    before = _agree(demo_la)
    from django.db.models import Count

    placed = EducationPlacement.objects.filter(child__la=demo_la, ended_on=None).exclude(
        school=None
    )
    # A child on the roll with one open placement: ending it leaves them without a place (a
    # dual-registered child, or one off the roll, would not raise the alert).
    on_roll = Child.objects.filter(la=demo_la).on_roll(TODAY)
    open_ = EducationPlacement.objects.filter(ended_on=None, child__in=on_roll)
    single = open_.values("child").annotate(n=Count("pk")).filter(n=1).values("child")
    ending = placed.filter(child__in=single).order_by("pk").first()
    ending.ended_on = TODAY - datetime.timedelta(days=10)
    ending.save()  # a child loses their place
    after = _agree(demo_la)
    assert len(after) == len(before) + 1
    school = ending.school
    EducationPlacement.objects.create(child=ending.child, school=school, urn=school.urn,
                                      provision_type="school", started_on=TODAY)  # fmt: skip
    assert _agree(demo_la) == before
    CareEpisodeFactory(child__la=demo_la, child__date_of_birth=datetime.date(2015, 1, 1),
                       started_on=TODAY - datetime.timedelta(days=3))  # fmt: skip
    assert len(_agree(demo_la)) == len(before) + 1  # a new child in care with no place yet
    demo_la.no_school_place_overdue_days = 1
    demo_la.save()
    assert any(overdue for *_, overdue in _agree(demo_la))
    _agree(demo_la, TODAY + datetime.timedelta(days=7))


def test_a_page_of_alerts_costs_the_same_queries(demo_la, django_assert_max_num_queries):
    _agree(demo_la)
    alerts = no_place_alerts(Child.objects.filter(la=demo_la), TODAY)
    with django_assert_max_num_queries(3):  # the day check, one page, the count
        shown, total = alerts[:5], len(alerts)
    assert len(shown) == min(5, total)
