"""Who was in Years 12 and 13 and on the roll on each month's 1st, kept for today
(enrichment.kept_post16), gives the monthly EET share worked out from the facts
(enrichment.figures.years_12_and_13 over the care episodes) after every kind of change: a date
of birth, a care episode ended, begun or made a short break, the LA's rule for short breaks, a
check, a child deleted, and a new day in a new month."""

import datetime
from datetime import date as D

import pytest
from django.utils import timezone

from children.models import CareEpisode, Child
from children.tests.factories import ChildFactory
from enrichment.figures import eet_by_month
from enrichment.models import KeptPost16Month, Post16Check

pytestmark = pytest.mark.django_db
TODAY = D(2026, 11, 20)
MONTHS = [D(2026, 9, 1), D(2026, 10, 1), D(2026, 11, 1)]


@pytest.fixture
def today(monkeypatch):
    """A day of our choosing is today: the rows are kept for today only."""
    day = {"today": TODAY}
    real = timezone.localdate

    def localdate(value=None, *args, **kwargs):
        return day["today"] if value is None else real(value, *args, **kwargs)

    monkeypatch.setattr(timezone, "localdate", localdate)
    return day


@pytest.fixture
def young(world):
    """Years 12 and 13 (and Year 11, not counted) in care since 2024, some leaving in
    October, with a check most months."""
    born = [D(2010, 1, 5)] * 6 + [D(2009, 3, 5)] * 5 + [D(2011, 2, 5)] * 3
    children = []
    for n, dob in enumerate(born):
        child = ChildFactory(la=world.la, date_of_birth=dob)
        left = D(2026, 10, 15) if n % 4 == 0 else None
        CareEpisode.objects.create(
            child=child,
            started_on=D(2024, 1, 10),
            ended_on=left,
            legal_status="C2",
            reason_ceased="E8" if left else "",
        )
        for m, month in enumerate(MONTHS):
            activity = ["college", "neet", "apprenticeship", None][(n + m) % 4]
            if activity:
                reason = "seeking" if activity == "neet" else ""
                Post16Check.objects.create(
                    child=child,
                    month=month,
                    activity=activity,
                    checked_on=month,
                    neet_reason=reason,
                )
        children.append(child)
    return children


def _rows(figures) -> list:
    return [(f.key, f.count, f.of, f.children) for f in figures]


def _agree(la, day=TODAY) -> list:
    kept = _rows(eet_by_month(la, day))
    assert KeptPost16Month.objects.filter(la=la).exists()  # read from the kept rows
    fresh = _rows(eet_by_month(la, day, kept=False))
    assert kept == fresh
    return kept


def _by_hand(young) -> list:
    """Each month's EET young people from the fixture's own terms: in Year 12 or 13 (the first
    eleven), not yet left care on the 1st, and that month's check not NEET."""
    rows = []
    for month in MONTHS:
        on_roll = [c for n, c in enumerate(young[:11]) if n % 4 or month < D(2026, 10, 15)]
        eet = tuple(sorted(c.pk for c in on_roll if Post16Check.objects.filter(
            child=c, month=month).exclude(activity="neet").exists()))  # fmt: skip
        rows.append((f"post16.eet_month.{month:%Y-%m}", len(eet), len(on_roll), eet))
    return rows


def test_kept_equals_the_rule_after_each_kind_of_change(world, young, today):
    before = _agree(world.la)
    assert before == _by_hand(young)
    assert [of for _, _, of, _ in before] == [11, 11, 8]  # three left care in October
    assert all(count for _, count, _, _ in before)
    year_11 = young[-1]
    year_11.date_of_birth = D(2009, 12, 1)  # corrected: in Year 12
    year_11.save()
    assert [of for _, _, of, _ in _agree(world.la)] == [12, 12, 9]
    staying = CareEpisode.objects.filter(child=young[1]).get()
    staying.ended_on, staying.reason_ceased = D(2026, 9, 20), "E8"
    staying.save()
    assert [of for _, _, of, _ in _agree(world.la)] == [12, 11, 8]
    CareEpisode.objects.create(child=young[0], started_on=D(2026, 10, 20), legal_status="V3")
    # A short break: not looked after, so not on the roll on 1 November, until the LA counts it.
    assert [of for _, _, of, _ in _agree(world.la)] == [12, 11, 8]
    world.la.count_short_breaks_as_looked_after = True
    world.la.save()
    assert [of for _, _, of, _ in _agree(world.la)] == [12, 11, 9]
    Post16Check.objects.filter(child=young[2], month=MONTHS[2]).update(activity="neet")
    _agree(world.la)
    Child.objects.get(pk=young[3].pk).delete()
    _agree(world.la)
    today["today"] = D(2026, 12, 2)
    december = _agree(world.la, today["today"])
    assert december[-1][0] == "post16.eet_month.2026-12" and december[-1][2] == 8


def test_the_dashboard_counts_the_kept_rows_without_reading_the_episodes(
    world, young, today, django_assert_num_queries
):
    """After the first reading, the months are read from the kept rows: two queries and a
    check that they are kept for today, however many young people or months."""
    _agree(world.la)
    with django_assert_num_queries(3):  # kept for today, the sizes, the checks
        eet_by_month(world.la, TODAY)


def test_another_day_is_worked_out_from_the_facts(world, young, today):
    earlier = TODAY - datetime.timedelta(days=40)
    assert _rows(eet_by_month(world.la, earlier)) == _rows(
        eet_by_month(world.la, earlier, kept=False)
    )
    assert not KeptPost16Month.objects.exists()
