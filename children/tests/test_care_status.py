"""Previously looked-after children and care leavers, tested from the law's wording, not from
our code: episodes are plain records (DECOM, DEC, REC, LS) as an SSDA903 return holds them.

Children Act 1989 Sch. 2 para 19B(2): an eligible child is one "aged sixteen or seventeen" who
"has been looked after by a local authority for a prescribed period, or periods amounting in
all to a prescribed period, which began after he reached a prescribed age and ended after he
reached the age of sixteen"; the Care Leavers (England) Regulations 2010 prescribe 13 weeks from
the age of 14. Pre-planned short breaks do not count. A day is looked after from DECOM to the
day before DEC."""

import datetime
from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from children.care_status import (
    care_leaver_on,
    days_looked_after_between,
    previously_looked_after_on,
)

D = datetime.date
DOB = D(2008, 6, 10)  # 14 on 10 June 2022, 16 on 10 June 2024, 25 on 10 June 2033


@dataclass
class Ep:
    started_on: datetime.date
    ended_on: datetime.date | None
    reason_ceased: str = ""
    legal_status: str = "C2"


def test_thirteen_weeks_after_fourteen_ending_after_sixteen_is_a_care_leaver():
    # In care from 1 May 2024 (aged 15) to 1 August 2024 (aged 16): 92 days, the last after 16.
    assert care_leaver_on(DOB, [Ep(D(2024, 5, 1), D(2024, 8, 1), "E8")], D(2025, 1, 1))


def test_ninety_one_days_is_thirteen_weeks_ninety_is_not():
    start = D(2024, 5, 1)
    enough = [Ep(start, start + datetime.timedelta(days=91), "E5")]  # days 0 to 90: 91 days
    short = [Ep(start, start + datetime.timedelta(days=90), "E5")]
    assert care_leaver_on(DOB, enough, D(2025, 1, 1))
    assert not care_leaver_on(DOB, short, D(2025, 1, 1))


def test_periods_amounting_in_all_to_thirteen_weeks_count_together():
    # 50 days at 14, then 41 days at 16: 91 in all, the second ending after 16.
    episodes = [
        Ep(D(2022, 9, 1), D(2022, 10, 21), "E13"),
        Ep(D(2024, 7, 1), D(2024, 8, 11), "E8"),
    ]
    assert days_looked_after_between(episodes, D(2022, 6, 10), D(2024, 8, 10)) == 91
    assert care_leaver_on(DOB, episodes, D(2025, 1, 1))


def test_time_before_fourteen_does_not_count():
    # Looked after from age 10 until 30 days after the 16th birthday: only the time since 14.
    episodes = [Ep(D(2018, 6, 10), D(2022, 6, 10), "X1"), Ep(D(2024, 6, 10), D(2024, 7, 10), "E8")]
    assert not care_leaver_on(DOB, episodes, D(2025, 1, 1))


def test_care_that_ended_before_sixteen_is_not_leaving_care():
    # Two years in care from 14, leaving the day before the 16th birthday (DEC = birthday).
    episodes = [Ep(D(2022, 6, 10), D(2024, 6, 10), "E13")]
    assert not care_leaver_on(DOB, episodes, D(2025, 1, 1))
    ends_a_day_later = [Ep(D(2022, 6, 10), D(2024, 6, 11), "E13")]
    assert care_leaver_on(DOB, ends_a_day_later, D(2025, 1, 1))


def test_short_breaks_are_not_care_for_the_thirteen_weeks():
    breaks = [Ep(D(2024, 5, 1), D(2024, 8, 1), "E8", legal_status="V3")]
    assert not care_leaver_on(DOB, breaks, D(2025, 1, 1))


def test_still_in_care_adopted_or_over_25_is_not_a_care_leaver():
    assert not care_leaver_on(DOB, [Ep(D(2024, 5, 1), None)], D(2025, 1, 1))
    ended = [Ep(D(2024, 5, 1), D(2024, 8, 1), "E8")]
    assert care_leaver_on(DOB, ended, D(2033, 6, 9))
    assert not care_leaver_on(DOB, ended, D(2033, 6, 10))  # 25
    sgo = [Ep(D(2024, 5, 1), D(2024, 8, 1), "E46")]
    assert not care_leaver_on(DOB, sgo, D(2025, 1, 1))
    assert not care_leaver_on(DOB, ended, D(2024, 7, 1))  # on that day still in care


def test_adoption_special_guardianship_and_arrangements_orders_make_plac():
    for rec in ("E11", "E12", "E41", "E45", "E46", "E47", "E48"):
        assert previously_looked_after_on([Ep(D(2019, 1, 1), D(2020, 1, 1), rec)], D(2021, 1, 1))
    for rec in ("E13", "E4A", "E8", "E3"):
        assert not previously_looked_after_on(
            [Ep(D(2019, 1, 1), D(2020, 1, 1), rec)], D(2021, 1, 1)
        )
    # Back in care after an SGO broke down: looked after, not previously looked after.
    again = [Ep(D(2019, 1, 1), D(2020, 1, 1), "E45"), Ep(D(2020, 6, 1), None)]
    assert not previously_looked_after_on(again, D(2021, 1, 1))
    # Before the order, they were not yet previously looked after.
    assert not previously_looked_after_on(
        [Ep(D(2019, 1, 1), D(2020, 1, 1), "E11")], D(2019, 12, 31)
    )


@given(st.lists(st.tuples(st.integers(0, 1500), st.integers(1, 400)), min_size=1, max_size=5))
def test_days_looked_after_match_a_day_by_day_count(spans):
    first, last = D(2022, 6, 10), D(2025, 6, 9)
    episodes = [
        Ep(
            D(2021, 1, 1) + datetime.timedelta(days=s),
            D(2021, 1, 1) + datetime.timedelta(days=s + n),
        )
        for s, n in spans
    ]
    expected = sum(
        1
        for k in range((last - first).days + 1)
        if any(e.started_on <= first + datetime.timedelta(days=k) < e.ended_on for e in episodes)
    )
    assert days_looked_after_between(episodes, first, last) == expected


def test_a_29_february_birthday_falls_on_1_march_in_a_common_year_as_age_on_counts_it():
    from children.roll.rules import age_on, birthday

    leap = D(2008, 2, 29)
    assert birthday(leap, 16) == D(2024, 2, 29)  # 2024 has the day
    assert birthday(leap, 17) == D(2025, 3, 1)
    assert age_on(leap, D(2025, 2, 28)) == 16 and age_on(leap, D(2025, 3, 1)) == 17
