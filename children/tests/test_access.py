"""Child.objects.visible_to(user), get_child_for_user and the field-level rules."""

import datetime

import pytest
from django.http import Http404

from accounts.roles import Capability, Role
from accounts.tests.factories import RoleAssignmentFactory, UserFactory
from audit.models import AccessLog
from authorities.tests.factories import LocalAuthorityFactory
from children.access import child_capabilities, get_child_for_user
from children.models import Child
from children.tests.factories import (
    CareEpisodeFactory,
    ChildRelationshipFactory,
)

pytestmark = pytest.mark.django_db

LA_WIDE = [
    Role.VIRTUAL_SCHOOL_HEAD,
    Role.TEAM_MANAGER,
    Role.AREA_EDUCATION_OFFICER,
    Role.EDUCATION_SUPPORT_ADVISOR,
    Role.SCHOOL_PLACEMENT_OFFICER,
    Role.DEVELOPMENT_OFFICER,
    Role.DATA_OFFICER,
]


def visible(world, role):
    return set(Child.objects.visible_to(world.users[role]).values_list("la_child_id", flat=True))


@pytest.mark.parametrize("role", LA_WIDE)
def test_la_staff_see_every_child_of_their_la_and_no_other(world, role):
    assert visible(world, role) == {world.child.la_child_id, world.unlinked_child.la_child_id}


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.IRO, Role.CARER])
def test_linked_roles_see_only_their_children(world, role):
    assert visible(world, role) == {world.child.la_child_id}


def test_designated_teacher_sees_children_from_any_la_at_their_school(world):
    assert visible(world, Role.DESIGNATED_TEACHER) == {
        world.child.la_child_id,
        world.other_la_child.la_child_id,
    }


@pytest.mark.parametrize("role", [Role.PLAC_ADVISOR, Role.BOARD_MEMBER])
def test_roles_without_named_children_see_none(world, role):
    assert visible(world, role) == set()


@pytest.mark.parametrize("role", list(Role))
def test_visible_of_keeps_the_children_the_rule_shows_in_the_order_given(world, role):
    """visible_of (a figure's list) gives of an LA's children, in the caller's order, those
    visible_to gives, whether the user sees the LA's whole roll or only some of it."""
    from children.access import visible_of

    user = world.users[role]
    ids = sorted(Child.objects.filter(la=world.la).values_list("pk", flat=True), reverse=True)
    seen = set(Child.objects.visible_to(user).values_list("pk", flat=True))
    assert visible_of(user, world.la.pk, ids) == [pk for pk in ids if pk in seen]
    assert visible_of(user, world.other_la.pk, [world.other_la_child.pk]) == (
        [world.other_la_child.pk] if world.other_la_child.pk in seen else []
    )


def test_anonymous_and_deactivated_users_see_none(world):
    from django.contrib.auth.models import AnonymousUser

    assert not Child.objects.visible_to(AnonymousUser()).exists()
    vsh = world.users[Role.VIRTUAL_SCHOOL_HEAD]
    vsh.is_active = False
    assert not Child.objects.visible_to(vsh).exists()


def test_ended_relationship_no_longer_gives_access(world):
    sw = world.users[Role.SOCIAL_WORKER]
    sw.child_relationships.update(ended_on=datetime.date.today() - datetime.timedelta(days=1))
    assert not Child.objects.visible_to(sw).exists()


def test_ended_school_placement_no_longer_gives_access(world):
    world.other_la_child.education_placements.update(
        ended_on=datetime.date.today() - datetime.timedelta(days=1)
    )
    assert visible(world, Role.DESIGNATED_TEACHER) == {world.child.la_child_id}


def test_link_needs_the_role_in_the_childs_la(world):
    """A carer link to a child of LA 331 does nothing for someone who is a carer only in 330."""
    carer = world.users[Role.CARER]
    ChildRelationshipFactory(child=world.other_la_child, user=carer, kind="carer")
    assert visible(world, Role.CARER) == {world.child.la_child_id}


def test_social_worker_role_in_one_la_does_not_open_another_las_children(world):
    sw = UserFactory()
    RoleAssignmentFactory(user=sw, role=Role.SOCIAL_WORKER, la=world.other_la)
    ChildRelationshipFactory(child=world.child, user=sw)  # LA 330 child, role held in 331
    assert not Child.objects.visible_to(sw).exists()


def test_roles_in_two_las_combine(world):
    user = world.users[Role.EDUCATION_SUPPORT_ADVISOR]
    RoleAssignmentFactory(user=user, role=Role.AREA_EDUCATION_OFFICER, la=world.other_la)
    user = type(user).objects.get(pk=user.pk)  # fresh: roles are cached per user object
    assert Child.objects.visible_to(user).count() == 3


def test_get_child_for_user_404s_outside_scope_and_logs_the_denial(world):
    sw = world.users[Role.SOCIAL_WORKER]
    assert get_child_for_user(sw, world.child.pk) == world.child
    with pytest.raises(Http404):
        get_child_for_user(sw, world.unlinked_child.pk)
    with pytest.raises(Http404):
        get_child_for_user(sw, "not-a-number")
    denied = AccessLog.objects.filter(user=sw, action=AccessLog.Action.DENIED)
    assert sorted(denied.values_list("object_id", flat=True)) == sorted(
        [str(world.unlinked_child.pk), "not-a-number"]
    )


@pytest.mark.parametrize(
    ("role", "health", "postcodes"),
    [
        (Role.VIRTUAL_SCHOOL_HEAD, True, True),
        (Role.TEAM_MANAGER, True, True),
        (Role.EDUCATION_SUPPORT_ADVISOR, True, True),
        (Role.SCHOOL_PLACEMENT_OFFICER, False, True),
        (Role.AREA_EDUCATION_OFFICER, False, False),
        (Role.DEVELOPMENT_OFFICER, False, False),
        (Role.DATA_OFFICER, False, False),
        (Role.SOCIAL_WORKER, True, True),
        (Role.IRO, True, True),
        (Role.DESIGNATED_TEACHER, False, False),
        (Role.CARER, False, False),
    ],
)
def test_field_level_rules(world, role, health, postcodes):
    caps = child_capabilities(world.users[role], world.child)
    assert (Capability.VIEW_HEALTH in caps) is health
    assert (Capability.VIEW_POSTCODES in caps) is postcodes


@pytest.mark.parametrize(
    ("role", "shown"),
    [(Role.VIRTUAL_SCHOOL_HEAD, True), (Role.DESIGNATED_TEACHER, False), (Role.CARER, False)],
)
def test_child_page_shows_sensitive_fields_only_to_roles_that_need_them(
    world, signed_in, role, shown
):
    page = signed_in(world.users[role]).get(f"/children/{world.child.pk}/").content.decode()
    assert world.child.forename in page
    for secret in ["B1 1ZZ", "B2 2ZZ", "Asthma", "Latest SDQ score"]:
        assert (secret in page) is shown, secret


def test_designated_teacher_reaching_a_child_of_another_la_sees_it(world, signed_in):
    client = signed_in(world.users[Role.DESIGNATED_TEACHER])
    response = client.get(f"/children/{world.other_la_child.pk}/")
    assert response.status_code == 200
    assert client.get(f"/children/{world.unlinked_child.pk}/").status_code == 404


def test_looked_after_on_follows_episodes_and_short_break_setting(db):
    day = datetime.date(2025, 1, 15)
    open_c2 = CareEpisodeFactory(started_on=datetime.date(2024, 1, 1)).child
    ended = CareEpisodeFactory(started_on=datetime.date(2024, 1, 1), ended_on=day).child
    future = CareEpisodeFactory(started_on=datetime.date(2025, 2, 1)).child
    short_break = CareEpisodeFactory(started_on=datetime.date(2024, 1, 1), legal_status="V3").child
    on_roll = set(Child.objects.looked_after_on(day))
    assert on_roll == {open_c2}
    assert ended not in on_roll and future not in on_roll
    short_break.la.count_short_breaks_as_looked_after = True
    short_break.la.save()
    assert short_break in set(Child.objects.looked_after_on(day))


def test_short_breaks_count_as_the_child_s_own_la_says(db):
    """Two LAs in one deployment: a short break is care only where the child's LA counts it."""
    day = datetime.date(2025, 1, 15)
    counts = LocalAuthorityFactory(code="991", count_short_breaks_as_looked_after=True)
    does_not = LocalAuthorityFactory(code="992", count_short_breaks_as_looked_after=False)
    theirs = [
        CareEpisodeFactory(child__la=la, started_on=datetime.date(2024, 1, 1), legal_status=legal)
        for la in (counts, does_not)
        for legal in ("V3", "V4", "C2")
    ]
    found = set(Child.objects.looked_after_on(day).values_list("pk", flat=True))
    assert found == {e.child_id for e in theirs if e.child.la == counts or e.legal_status == "C2"}


def test_visible_to_is_one_query(world, django_assert_max_num_queries):
    user = world.users[Role.DESIGNATED_TEACHER]
    with django_assert_max_num_queries(2):  # roles (cached afterwards), then the children
        list(Child.objects.visible_to(user))
