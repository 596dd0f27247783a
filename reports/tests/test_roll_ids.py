"""The roll's children as subqueries of ids (reports.kept_lines.roll_ids, others_roll_ids): the
LA's own from its kept lines for today, other LAs' from theirs where they are kept for today and
by the roll's rule where they are not. The children on the roll are picked out here by hand from
the roll's wording (looked after on the day, and of Virtual School age: born on or after 1
September eighteen years before the school year began, and before the term that followed
their third birthday), not by the rule's code."""

import datetime

import pytest
from django.utils import timezone

from authorities.tests.factories import LocalAuthorityFactory
from children.tests.factories import CareEpisodeFactory, ChildFactory
from core.kept import kept_current, kept_forget
from reports.kept_lines import WHAT, others_roll_ids, roll_ids
from reports.models import KeptDashboardLine

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 30)  # school year 2026 to 2027; the autumn term began 1 September


@pytest.fixture
def roll(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: DAY)
    las = {code: LocalAuthorityFactory(code=code) for code in ("330", "331", "332")}
    on = {}

    def child(code, name, born=datetime.date(2014, 3, 1), ended=None, started=None):
        made = ChildFactory(la=las[code], date_of_birth=born)
        started = started or datetime.date(2024, 1, 10)
        CareEpisodeFactory(child=made, started_on=started, ended_on=ended)
        on[(code, name)] = made.pk

    for code in las:
        child(code, "in care")
        child(code, "oldest of age", born=datetime.date(2008, 9, 1))  # Year 13
        child(code, "youngest of age", born=datetime.date(2023, 8, 31))  # funded since September
        child(code, "too old", born=datetime.date(2008, 8, 31))
        child(code, "too young", born=datetime.date(2023, 9, 1))  # funded from January
        child(code, "left care today", ended=DAY)
        child(code, "comes into care tomorrow", started=DAY + datetime.timedelta(days=1))
    off = {"too old", "too young", "left care today", "comes into care tomorrow"}
    wanted = {code: {pk for (c, name), pk in on.items() if c == code and name not in off}
              for code in las}  # fmt: skip
    return las, wanted, on


def _ids(subquery) -> set[int]:
    from children.models import Child

    return set(Child.objects.filter(pk__in=subquery).values_list("pk", flat=True))


def _others(la, day) -> set[int]:
    """Both parts, read in one statement as the school rows read them; no child in both."""
    from children.models import Child

    kept, ruled = (Child.objects.filter(pk__in=p).order_by() for p in others_roll_ids(la.pk, day))
    both = list(
        kept.values_list("pk", flat=True).union(ruled.values_list("pk", flat=True), all=True)
    )
    assert len(both) == len(set(both))
    return set(both)


@pytest.mark.parametrize("day", [DAY, DAY - datetime.timedelta(days=1)])
def test_the_las_own_roll_is_its_kept_lines_today_and_the_rule_another_day(roll, day):
    las, wanted, on = roll
    ours = las["330"].pk
    found = _ids(roll_ids(ours, day))
    kept = set(KeptDashboardLine.objects.filter(la_id=ours).values_list("child_id", flat=True))
    if day == DAY:
        assert found == wanted["330"]
        assert kept == found  # kept for today by the reading
    else:  # yesterday the child who left care today was still looked after
        assert found == wanted["330"] | {on[("330", "left care today")]}
        assert kept == set()  # no lines are kept for another day


@pytest.mark.parametrize("kept", [(), ("331",), ("331", "332")])
def test_other_las_rolls_are_their_kept_lines_where_kept_and_the_rule_elsewhere(roll, kept):
    las, wanted, _ = roll
    for code in kept:
        kept_current(WHAT, {las[code].pk}, DAY)
    assert _others(las["330"], DAY) == wanted["331"] | wanted["332"]
    # Nothing is rebuilt for this reader: the other LAs' own readers or the daily job do it.
    made = set(KeptDashboardLine.objects.values_list("la__code", flat=True).distinct())
    assert made == set(kept)


def test_an_other_la_forgotten_after_a_bulk_change_is_read_by_the_rule(roll):
    """A bulk writer changes facts without the signals and forgets the LA's kept day: its
    lines, now stale, are not read."""
    from children.models import CareEpisode

    las, wanted, _ = roll
    kept_current(WHAT, {las["331"].pk}, DAY)
    leaving = sorted(wanted["331"])[0]
    CareEpisode.objects.filter(child_id=leaving).update(ended_on=DAY - datetime.timedelta(5))
    assert leaving in _others(las["330"], DAY)  # kept, not yet told
    kept_forget(las["331"])
    found = _others(las["330"], DAY)
    assert found == (wanted["331"] - {leaving}) | wanted["332"]
    assert KeptDashboardLine.objects.filter(child_id=leaving).exists()  # stale, and not read


def test_other_las_rolls_on_another_day_are_the_rule_alone(roll):
    las, wanted, on = roll
    kept_current(WHAT, {las["331"].pk}, DAY)  # kept for today: not an answer for yesterday
    left = {on[(code, "left care today")] for code in ("331", "332")}
    found = _others(las["330"], DAY - datetime.timedelta(days=1))
    assert found == wanted["331"] | wanted["332"] | left
