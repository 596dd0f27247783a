"""Each roll rule's database form agrees with its Python form, and the drifts the rules used to
have between pages: PP+ pays the school the roll shows, the early-years filters include NC
year -2, and the home page's count is the roll page's."""

import datetime
from typing import NamedTuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.roles import Role
from children.models import CareEpisode, Child, EducationPlacement
from children.roll.loader import entries_for
from children.roll.rules import (
    KeyStage,
    episode_on,
    episode_on_subquery,
    key_stage,
    key_stage_q,
    nc_year,
    nc_year_q,
    on_roll,
    on_roll_days,
    placement_on,
    placement_on_subquery,
    team_for,
    team_q,
)
from children.tests.factories import CareEpisodeFactory, ChildFactory, EducationPlacementFactory
from schools.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = datetime.date.today()
DAYS = st.dates(D(2024, 1, 1), D(2026, 12, 31))


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(dobs=st.lists(st.dates(D(2004, 1, 1), D(2024, 12, 31)), min_size=1, max_size=8), day=DAYS)
def test_nc_year_key_stage_and_team_filters_agree_with_python(world, dobs, day):
    Child.objects.filter(la_child_id__startswith="H").delete()
    kids = [
        ChildFactory(la=world.la, la_child_id=f"H{i}", date_of_birth=dob)
        for i, dob in enumerate(dobs)
    ]
    ours = Child.objects.filter(la_child_id__startswith="H")
    for n in range(-3, 15):
        want = {c.pk for c in kids if nc_year(c.date_of_birth, day) == n}
        assert set(ours.filter(nc_year_q([n], day)).values_list("pk", flat=True)) == want
    for stage in KeyStage:
        want = {c.pk for c in kids if key_stage(nc_year(c.date_of_birth, day)) == stage}
        assert set(ours.filter(key_stage_q(stage, day)).values_list("pk", flat=True)) == want
    for team in ("Early years to key stage 3", "Young people aged 14 to 19"):
        want = {
            c.pk for c in kids if -2 <= nc_year(c.date_of_birth, day) <= 13
            and team_for(nc_year(c.date_of_birth, day)) == team
        }  # fmt: skip
        assert set(ours.filter(team_q(team, day)).values_list("pk", flat=True)) == want


PERIOD = st.tuples(st.integers(0, 400), st.one_of(st.none(), st.integers(0, 200)))


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    episodes=st.lists(PERIOD, min_size=1, max_size=4, unique_by=lambda p: p[0]),
    placements=st.lists(
        st.tuples(PERIOD, st.booleans()), min_size=1, max_size=4, unique_by=lambda p: p[0][0]
    ),
    day=st.dates(D(2025, 1, 1), D(2026, 6, 30)),
)
def test_the_episode_and_the_setting_on_a_day_agree_with_python(world, episodes, placements, day):
    child = world.unlinked_child
    CareEpisode.objects.filter(child=child).delete()
    EducationPlacement.objects.filter(child=child).delete()
    base = D(2025, 1, 1)
    for i, (start, length) in enumerate(episodes):
        began = base + datetime.timedelta(days=start)
        ended = began + datetime.timedelta(days=length) if length is not None else None
        CareEpisode.objects.create(
            child=child, started_on=began, ended_on=ended, legal_status=["C2", "V2", "E1", "C1"][i]
        )
    for (start, length), dual in placements:
        began = base + datetime.timedelta(days=start)
        ended = began + datetime.timedelta(days=length) if length is not None else None
        EducationPlacement.objects.create(
            child=child, school=world.school, urn=world.school.urn, provision_type="school",
            started_on=began, ended_on=ended, is_dual_registered=dual,
        )  # fmt: skip
    row = (
        Child.objects.filter(pk=child.pk)
        .annotate(ep=episode_on_subquery(day, "pk"), pl=placement_on_subquery(day, "pk"))
        .values("ep", "pl")
        .get()
    )
    python_episode = episode_on(child.episodes.all(), day)
    python_placement = placement_on(child.education_placements.all(), day)
    assert row["ep"] == (python_episode.pk if python_episode else None)
    assert row["pl"] == (python_placement.pk if python_placement else None)


def test_ppplus_pays_the_school_the_roll_shows_on_the_day(world):
    """A move recorded in advance: the new school's placement is open-ended from next week,
    the current one ends this week. Payment goes to the school the child is at today."""
    from funding.services import current_school

    child = world.child
    now = child.education_placements.get()
    now.ended_on = TODAY + datetime.timedelta(days=3)
    now.save()
    later = SchoolFactory(la_code="330", name="Next School")
    EducationPlacementFactory(
        child=child, school=later, started_on=TODAY + datetime.timedelta(days=4)
    )
    [entry] = entries_for([child], TODAY)
    assert entry.placement.school.pk == world.school.pk
    assert current_school(child) == world.school


def test_the_early_years_filters_include_nc_year_minus_2(world, signed_in):
    day = D(2027, 2, 1)  # a child born in October 2023 is funded from January 2027
    young = ChildFactory(la=world.la, la_child_id="EY1", date_of_birth=D(2023, 10, 15))
    CareEpisodeFactory(child=young, started_on=D(2026, 6, 1))
    assert nc_year(young.date_of_birth, day) == -2
    client = signed_in(world.users[Role.VIRTUAL_SCHOOL_HEAD])
    for params in ("key_stage=EY", "year=-2"):
        response = client.get(f"/children/?on={day}&{params}")
        assert [e.child.la_child_id for e in response.context["entries"]] == ["EY1"], params
    from children.roll.groups import Filters, cohort_entries

    counted = cohort_entries(world.la, day, Filters(key_stage="EY"))
    assert [e.child.la_child_id for e in counted] == ["EY1"]


def test_the_home_page_count_equals_the_roll_page_count(world, signed_in):
    # Looked after but past Year 13: not on the roll, so counted by neither page.
    adult = ChildFactory(la=world.la, la_child_id="OLD", date_of_birth=D(2006, 1, 1))
    CareEpisodeFactory(child=adult, started_on=D(2024, 1, 1))
    client = signed_in(world.users[Role.VIRTUAL_SCHOOL_HEAD])
    roll = client.get("/children/").context["page"].paginator.count
    home = client.get("/").context
    counts = [s.count for s in home["sections"] if getattr(s, "count", None) is not None]
    assert counts == [roll]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    dob=st.dates(D(2006, 1, 1), D(2023, 12, 31)),
    episodes=st.lists(
        st.tuples(PERIOD, st.sampled_from(["C2", "V2", "V3", "V4", "E1"])),
        max_size=3,
        unique_by=lambda p: p[0][0],
    ),
    short_breaks=st.booleans(),
    day=st.dates(D(2025, 1, 1), D(2026, 6, 30)),
)
def test_on_the_roll_agrees_with_python(world, dob, episodes, short_breaks, day):
    """Looked after (short breaks as the LA counts them) and of Virtual School age."""
    world.la.count_short_breaks_as_looked_after = short_breaks
    world.la.save()
    child = world.unlinked_child
    Child.objects.filter(pk=child.pk).update(date_of_birth=dob)
    CareEpisode.objects.filter(child=child).delete()
    base = D(2025, 1, 1)
    for (start, length), legal in episodes:
        began = base + datetime.timedelta(days=start)
        ended = began + datetime.timedelta(days=length) if length is not None else None
        CareEpisode.objects.create(child=child, started_on=began, ended_on=ended,
                                   legal_status=legal)  # fmt: skip
    in_db = Child.objects.filter(pk=child.pk).on_roll(day).exists()
    episodes = list(child.episodes.all())
    assert on_roll(dob, episodes, day, short_breaks=short_breaks) == in_db


class Spell(NamedTuple):
    started_on: D
    ended_on: D | None
    legal_status: str


@given(
    dob=st.dates(D(2006, 1, 1), D(2023, 12, 31)),
    episodes=st.lists(
        st.tuples(st.dates(D(2024, 6, 1), D(2026, 6, 30)), st.none() | st.integers(0, 400),
                  st.sampled_from(["C2", "V2", "V3", "V4", "E1"])),
        max_size=4,
    ),
    short_breaks=st.booleans(),
    days=st.lists(st.dates(D(2025, 1, 1), D(2026, 6, 30)), max_size=12),
)  # fmt: skip
def test_the_days_on_the_roll_are_the_days_on_roll_says(dob, episodes, short_breaks, days):
    spells = [
        Spell(start, None if length is None else start + datetime.timedelta(days=length), legal)
        for start, length, legal in episodes
    ]
    expected = [d for d in days if on_roll(dob, spells, d, short_breaks=short_breaks)]
    assert on_roll_days(dob, spells, days, short_breaks=short_breaks) == expected
