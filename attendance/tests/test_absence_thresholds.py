"""Persistent and severe absence, from the DfE's wording: a pupil is persistently absent when
they miss 10% or more of their possible sessions, severely absent at 50% or more; possible
sessions are those present plus those absent (authorised and unauthorised). Here with exact
fractions, against the service's whole-number rule, for any threshold an LA may set."""

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from attendance.measures import Tally, absent_at_least

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
