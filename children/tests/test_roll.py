import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from children.models import Child
from children.roll.rules import age_bounds, key_stage, looked_after_since, nc_year
from children.tests.factories import CareEpisodeFactory

D = datetime.date


@pytest.mark.parametrize(
    ("dob", "on", "expected"),
    [
        (D(2014, 3, 1), D(2025, 11, 22), 7),  # 11 at the start of the year: Year 7
        (D(2014, 8, 31), D(2025, 9, 1), 7),  # born 31 August: youngest in the year
        (D(2014, 9, 1), D(2025, 9, 1), 6),  # born 1 September: oldest in the year below
        (D(2020, 12, 1), D(2025, 10, 1), 0),  # reception
        (D(2007, 9, 1), D(2026, 8, 31), 13),  # last day of Year 13
    ],
)
def test_nc_year_uses_the_31_august_cut_off(dob, on, expected):
    assert nc_year(dob, on) == expected


def test_key_stages():
    assert [key_stage(n) for n in (-1, 0, 2, 6, 9, 11, 13, 14)] == [
        "EY",
        "EY",
        "KS1",
        "KS2",
        "KS3",
        "KS4",
        "KS5",
        "",
    ]


@pytest.mark.parametrize(
    ("dob", "on", "inside"),
    [
        (D(2022, 11, 30), D(2026, 1, 1), True),  # 3 in November: funded from 1 January
        (D(2022, 11, 30), D(2025, 12, 31), False),
        (D(2022, 12, 31), D(2026, 1, 1), True),
        (D(2023, 1, 1), D(2026, 1, 1), False),  # third birthday on the term's first day
        (D(2023, 1, 1), D(2026, 4, 1), True),
        (D(2007, 9, 1), D(2026, 8, 31), True),  # end of Year 13
        (D(2007, 9, 1), D(2026, 9, 1), False),
        (D(2008, 9, 1), D(2026, 9, 1), True),  # starts Year 13
        (D(2008, 8, 31), D(2026, 9, 1), False),  # finished Year 13 yesterday
    ],
)
def test_virtual_school_age(dob, on, inside):
    earliest, latest = age_bounds(on)
    assert (earliest <= dob <= latest) is inside


@given(st.dates(D(2000, 1, 1), D(2030, 12, 31)))
def test_age_bounds_match_nc_year(day):
    earliest, latest = age_bounds(day)
    assert nc_year(earliest, day) == 13
    assert nc_year(earliest - datetime.timedelta(days=1), day) == 14
    assert latest < day


def test_looked_after_since_follows_back_to_back_episodes(db):
    first = CareEpisodeFactory(started_on=D(2023, 1, 1), ended_on=D(2024, 2, 1))
    CareEpisodeFactory(child=first.child, started_on=D(2024, 2, 1), ended_on=D(2025, 3, 1))
    CareEpisodeFactory(child=first.child, started_on=D(2025, 3, 1))
    episodes = list(first.child.episodes.all())
    assert looked_after_since(episodes, D(2025, 6, 1)) == D(2023, 1, 1)
    gap = CareEpisodeFactory(started_on=D(2020, 1, 1), ended_on=D(2021, 1, 1))
    CareEpisodeFactory(child=gap.child, started_on=D(2022, 5, 1))
    assert looked_after_since(list(gap.child.episodes.all()), D(2025, 6, 1)) == D(2022, 5, 1)
    assert looked_after_since(list(gap.child.episodes.all()), D(2021, 6, 1)) is None


def test_on_roll_combines_care_and_age(db):
    day = D(2026, 3, 31)
    in_care = CareEpisodeFactory(child__date_of_birth=D(2012, 5, 5), started_on=D(2025, 1, 1)).child
    too_old = CareEpisodeFactory(child__date_of_birth=D(2006, 5, 5), started_on=D(2025, 1, 1)).child
    too_young = CareEpisodeFactory(
        child__date_of_birth=D(2024, 1, 1), started_on=D(2025, 1, 1)
    ).child
    left = CareEpisodeFactory(
        child__date_of_birth=D(2012, 5, 5), started_on=D(2025, 1, 1), ended_on=day
    ).child
    assert set(Child.objects.on_roll(day)) == {in_care}
    assert {too_old, too_young, left}.isdisjoint(Child.objects.on_roll(day))
