"""Persistent and severe absence, from the DfE's wording: a pupil is persistently absent when
they miss 10% or more of their possible sessions, severely absent at 50% or more; possible
sessions are those present plus those absent (authorised and unauthorised). Here with exact
fractions, against the service's whole-number rule, for any threshold an LA may set."""

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attendance.measures import Tally, absent_at_least, absent_at_least_db, attended, attended_db
from children.tests.factories import ChildFactory
from reports.models import KeptLastYearLine

counts = st.integers(min_value=0, max_value=400)
percents = st.decimals(min_value=Decimal("0.1"), max_value=100, places=1)


@given(counts, counts, counts, counts, counts, percents)
def test_absent_at_least_is_the_share_of_possible_sessions(
    present, authorised, unauthorised, not_possible, no_mark, percent
):
    tally = Tally(present, 0, authorised, unauthorised, not_possible, no_mark)
    possible = present + authorised + unauthorised
    expected = (
        possible > 0 and Fraction(authorised + unauthorised, possible) >= Fraction(percent) / 100
    )
    assert absent_at_least(percent)(tally) is expected
    assert tally.persistent(percent) is expected


def test_the_thresholds_are_inclusive():
    assert absent_at_least(Decimal(10))(Tally(present=9, unauthorised=1))
    assert not absent_at_least(Decimal(10))(Tally(present=10, unauthorised=1))
    assert absent_at_least(Decimal(50))(Tally(present=1, authorised=1))
    assert not absent_at_least(Decimal(10))(Tally(not_possible=5))


@pytest.fixture
def child(db):
    return ChildFactory()


@pytest.mark.django_db
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(st.lists(st.tuples(counts, counts, counts, counts), min_size=1, max_size=8), percents)
def test_the_database_forms_count_the_same_rows(child, tallies, percent):
    """absent_at_least_db over rows of tally columns against the exact share (as above), with
    two rows on the threshold's edge: absent exactly `percent`% of 1,000, and one fewer; and
    attended_db against attended, with the LA's persistent threshold at `percent`."""
    edge = int(percent * 10)
    tallies = [*tallies, (1000 - edge, edge, 0, 0), (1001 - edge, 0, edge - 1, 0)]
    KeptLastYearLine.objects.all().delete()
    day = datetime.date(2025, 9, 1)
    KeptLastYearLine.objects.bulk_create(
        KeptLastYearLine(la=child.la, child=child, starts_on=day, ends_on=day, present=p,
                         approved=0, authorised=a, unauthorised=u, not_possible=n, no_mark=0)
        for p, a, u, n in tallies
    )  # fmt: skip
    rows = KeptLastYearLine.objects.order_by("pk")
    found = list(rows.values_list(absent_at_least_db(percent), flat=True))
    share = Fraction(percent) / 100
    assert found == [
        p + a + u > 0 and Fraction(a + u, p + a + u) >= share for p, a, u, _ in tallies
    ]
    assert all(type(value) is bool for value in found)
    la = child.la
    la.persistent_absence_percent = percent
    expected = [attended(la)(Tally(p, 0, a, u, n)) for p, a, u, n in tallies]
    counted = list(rows.values_list(*attended_db(la)))
    assert counted == expected
    assert all(type(flag) is bool for row in counted for flag in row[2:])
