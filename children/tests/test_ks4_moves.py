import datetime

import pytest
from django.urls import reverse

from children.ks4_moves import ks4_moves
from children.models import CareEpisode, Child, Ks4MoveApproval
from children.tests.factories import CareEpisodeFactory, EducationPlacementFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def move(world):
    """world.child in Year 10 moves care placement on 6 October and school on 3 November."""
    today = datetime.date.today()
    child = world.child
    year10_born = D(today.year - 15 if today.month >= 9 else today.year - 16, 1, 15)
    Child.objects.filter(pk=child.pk).update(date_of_birth=year10_born)
    moved = today - datetime.timedelta(days=40)
    child.episodes.update(ended_on=moved)
    episode = CareEpisodeFactory(child=child, started_on=moved, reason_new_episode="P")
    child.education_placements.update(ended_on=moved + datetime.timedelta(days=27))
    EducationPlacementFactory(
        child=child, school=world.other_school, started_on=moved + datetime.timedelta(days=28)
    )
    return episode


def test_a_ks4_care_move_that_changes_school_needs_approval(world, move):
    [found] = ks4_moves(Child.objects.all(), datetime.date.today())
    assert found.episode == move and not found.approved
    # A move that kept the school is not listed.
    world.child.education_placements.filter(school=world.other_school).delete()
    assert ks4_moves(Child.objects.all(), datetime.date.today()) == []


def test_only_the_vsh_approves_and_the_consultations_are_required(world, move, signed_in):
    url = reverse("children:ks4_move_approve", args=[world.child.pk, move.pk])
    assert signed_in(world.users["team_manager"]).get(url).status_code == 403
    vsh = signed_in(world.users["virtual_school_head"])
    home = vsh.get(reverse("home")).content.decode()
    assert "KS4 placement moves without approval" in home and "Ada Lovelace" in home
    bad = vsh.post(url, {"notes": "Fits the PEP"})
    assert "Record when the designated teacher was consulted" in bad.content.decode()
    today = datetime.date.today().isoformat()
    ok = vsh.post(url, {"dt_consulted_on": today, "iro_consulted_on": today, "notes": "Fits"})
    assert ok.status_code == 302
    approval = Ks4MoveApproval.objects.get()
    assert approval.approved_by == world.users["virtual_school_head"]
    page = vsh.get(reverse("children:ks4_moves")).content.decode()
    assert "Approved" in page and "Not approved" not in page
    assert "Every KS4 placement move is approved" in vsh.get(reverse("home")).content.decode()


def test_an_emergency_move_needs_no_consultation_dates(world, move, signed_in):
    vsh = signed_in(world.users["virtual_school_head"])
    url = reverse("children:ks4_move_approve", args=[world.child.pk, move.pk])
    assert vsh.post(url, {"emergency": "true"}).status_code == 302
    assert Ks4MoveApproval.objects.get().emergency
    assert CareEpisode.objects.get(pk=move.pk).ks4_approval.emergency


@pytest.mark.parametrize("days_ago", [1, 120, 250, 364])
def test_the_database_narrows_to_every_child_the_rule_would_list(world, move, days_ago):
    """Born on each first and last day of five school years, moving `days_ago`: listed exactly
    when in Year 10 or 11 on the day of the move (nc_year), whatever the database narrowed."""
    from children.roll.rules import nc_year

    today = datetime.date.today()
    moved = today - datetime.timedelta(days=days_ago)
    CareEpisode.objects.filter(pk=move.pk).update(started_on=moved)
    world.child.education_placements.filter(school=world.other_school).update(
        started_on=moved + datetime.timedelta(days=1)
    )
    for year in range(today.year - 18, today.year - 13):
        for born in (D(year, 9, 1), D(year + 1, 8, 31)):
            Child.objects.filter(pk=world.child.pk).update(date_of_birth=born)
            listed = bool(ks4_moves(Child.objects.all(), today))
            assert listed == (nc_year(born, moved) in (10, 11)), (born, moved)
