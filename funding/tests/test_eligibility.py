"""Eligibility computed independently on generated episodes, and the command's contract."""

import datetime
import io
import random

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from children.models import CareEpisode
from children.roll.rules import age_on
from children.tests.factories import ChildFactory
from funding.eligibility import FinancialYear, eligible_children

pytestmark = pytest.mark.django_db
D = datetime.date


def _expected(children_episodes, year):
    """Day by day, the DfE's wording: the grant for financial year X is allocated on children
    looked after for at least one day in the year ending 31 March X, aged 4 to 15 on 31 August
    X-1."""
    x = int(year.label[:4])
    days = []
    day = D(x - 1, 4, 1)
    while day <= D(x, 3, 31):
        days.append(day)
        day += datetime.timedelta(days=1)
    out = {}
    for child, episodes in children_episodes:
        looked_after = [
            d
            for d in days
            for start, end, status in episodes
            if status not in ("V3", "V4") and start <= d and (end is None or d < end)
        ]
        age = age_on(child.date_of_birth, D(x - 1, 8, 31))
        if looked_after and 4 <= age <= 15:
            out[child.la_child_id] = (min(looked_after), age)
    return out


def test_eligibility_matches_a_day_by_day_reading_on_generated_data(world):
    rng = random.Random(5)
    year = FinancialYear.parse("2024-25")
    generated = []
    for i in range(60):
        dob = D(2004, 1, 1) + datetime.timedelta(days=rng.randint(0, 365 * 20))
        child = ChildFactory(la=world.la, date_of_birth=dob, la_child_id=f"P{i:03d}")
        episodes = []
        start = D(2022, 1, 1) + datetime.timedelta(days=rng.randint(0, 800))
        for _ in range(rng.randint(1, 3)):
            end = start + datetime.timedelta(days=rng.randint(0, 300))
            end = None if rng.random() < 0.2 else end
            status = rng.choice(["C2", "C2", "E1", "V3", "V4"])
            episodes.append((start, end, status))
            CareEpisode.objects.create(
                child=child, started_on=start, ended_on=end, legal_status=status
            )
            if end is None:
                break
            start = end + datetime.timedelta(days=rng.randint(0, 60))
        generated.append((child, episodes))
    want = _expected(generated, year)
    ours = {child.la_child_id for child, _ in generated}
    got = {
        e.child_id: (e.first_day, e.age_on_31_august)
        for e in eligible_children(world.la, year)
        if e.child_id in ours
    }
    assert got == want and len(want) > 5


def test_boundaries_one_day_in_the_year_and_ages_4_and_15(world):
    year = FinancialYear.parse("2026-27")  # reads 1 April 2025 to 31 March 2026
    assert year.august_31 == D(2025, 8, 31)
    # Left care on 2 April: looked after on 1 April only.
    a = ChildFactory(la=world.la, la_child_id="A", date_of_birth=D(2021, 8, 31))  # 4 on 31 Aug 2025
    CareEpisode.objects.create(
        child=a, started_on=D(2025, 1, 1), ended_on=D(2025, 4, 2), legal_status="C2"
    )
    # Left care on 1 April: not looked after on any day of the year.
    b = ChildFactory(la=world.la, la_child_id="B", date_of_birth=D(2015, 1, 1))
    CareEpisode.objects.create(
        child=b, started_on=D(2025, 1, 1), ended_on=D(2025, 4, 1), legal_status="C2"
    )
    # 16 on 31 August 2025: too old. 15 the day after: eligible.
    c = ChildFactory(la=world.la, la_child_id="C", date_of_birth=D(2009, 8, 31))
    d = ChildFactory(la=world.la, la_child_id="D", date_of_birth=D(2009, 9, 1))
    for child in (c, d):
        CareEpisode.objects.create(child=child, started_on=D(2026, 3, 31), legal_status="C2")
    got = {e.child_id: e for e in eligible_children(world.la, year) if len(e.child_id) == 1}
    assert set(got) == {"A", "D"}
    assert got["A"].first_day == D(2025, 4, 1) and got["A"].age_on_31_august == 4
    assert got["D"].first_day == D(2026, 3, 31) and got["D"].age_on_31_august == 15


def test_command_prints_rows_and_the_allocation(world, capsys):
    child = ChildFactory(la=world.la, la_child_id="Z1", date_of_birth=D(2015, 5, 5))
    CareEpisode.objects.create(child=child, started_on=D(2023, 6, 1), legal_status="C2")
    out, err = io.StringIO(), io.StringIO()
    call_command("ppplus_eligibility", "--la", "330", "--year", "2024-25", stdout=out, stderr=err)
    lines = out.getvalue().splitlines()
    assert lines[0] == "child_id,dob,first_day_looked_after_in_year,age_on_31_august"
    assert "Z1,2015-05-05,2023-06-01,8" in lines  # the 2023-24 return; aged 8 on 31 Aug 2023
    assert (
        "Grant year 2024-25: children looked after for at least one day in the SSDA903 year 2023-24"
        in err.getvalue()
    )
    count = len(lines) - 1
    assert (
        f"{count} eligible children; allocation £{2570 * count:,.2f} at £2,570.00 a child"
        in err.getvalue()
    )
    with pytest.raises(CommandError, match="2024-25"):
        call_command("ppplus_eligibility", "--la", "330", "--year", "2024-26")
