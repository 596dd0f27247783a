"""Account actions across LAs: LA 331's managers try every account action on a person LA 330
manages, after first attaching a 331 role to them by inviting their email (the way in found by
the security review). Each must be refused, or touch only LA 331's own role."""

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from accounts.tests.factories import RoleAssignmentFactory, UserFactory, enrol_totp

pytestmark = pytest.mark.django_db
MANAGERS_331 = [Role.VIRTUAL_SCHOOL_HEAD, Role.DATA_OFFICER]


@pytest.fixture(params=MANAGERS_331)
def manager_331(request, world):
    user = UserFactory(email=f"{request.param}.331@example.org")
    enrol_totp(user)
    RoleAssignmentFactory(user=user, role=request.param, la=world.other_la)
    return user


@pytest.fixture
def target(world):
    """A social worker of LA 330 whom LA 330 has switched off."""
    person = world.users[Role.SOCIAL_WORKER]
    person.full_name, person.job_title = "Sam Original", "Senior social worker"
    person.is_active = False
    person.save()
    return person


def _invite(client, world, email):
    return client.post(
        "/users/invite/",
        {"email": email, "full_name": "Overwritten Name", "job_title": "Overwritten title",
         "role": Role.CARER, "la": str(world.other_la.pk)},
    )  # fmt: skip


def test_inviting_an_existing_person_keeps_their_name_and_says_which_la_added_what(
    world, signed_in, manager_331, target
):
    client = signed_in(manager_331)
    target.set_password("a-long-password-1234")
    target.save()
    assert _invite(client, world, target.email.upper()).status_code == 302
    target.refresh_from_db()
    assert (target.full_name, target.job_title) == ("Sam Original", "Senior social worker")
    body = mail.outbox[-1].body
    assert "Coventry" in body and "Carer" in body and "password" in body
    response = client.get(f"/users/{target.pk}/")
    shown = [(a.role, a.la.code) for a in response.context["assignments"]]
    assert shown == [(Role.CARER, "331")]  # only LA 331's own role
    assert "1 role in other local authorities" in response.content.decode()


@pytest.mark.parametrize(
    "action",
    [
        "reactivate",
        "deactivate",
        "remove_330_role",
        "add_role_then_reactivate",
        "detail_330_role",
        "reset_mfa",
    ],
)
def test_every_account_action_from_another_la_is_refused(
    world, signed_in, manager_331, target, action
):
    client = signed_in(manager_331)
    theirs = RoleAssignment.objects.get(user=target, la=world.la)
    _invite(client, world, target.email)  # now LA 331 has a role on the person
    if action in ("reactivate", "add_role_then_reactivate"):
        client.post(f"/users/{target.pk}/reactivate/")
        target.refresh_from_db()
        assert not target.is_active  # LA 330 switched them off; 331 cannot switch them on
    elif action == "deactivate":
        client.post(f"/users/{target.pk}/deactivate/")
        assert RoleAssignment.objects.filter(pk=theirs.pk).exists()  # 330's role untouched
    elif action == "remove_330_role":
        response = client.post(f"/users/{target.pk}/roles/{theirs.pk}/remove/")
        assert response.status_code == 404
        assert RoleAssignment.objects.filter(pk=theirs.pk).exists()
    elif action == "reset_mfa":
        assert Authenticator.objects.filter(user=target).exists()  # the world enrols everyone
        client.post(f"/users/{target.pk}/reset-mfa/")
        assert Authenticator.objects.filter(user=target).exists()  # only 330 may reset it
    else:
        shown = client.get(f"/users/{target.pk}/").context["assignments"]
        assert theirs.pk not in {a.pk for a in shown}


def test_a_person_with_no_role_in_the_la_is_not_found_at_all(world, signed_in, manager_331):
    client = signed_in(manager_331)
    person = world.users[Role.IRO]
    for method, path in [
        ("get", f"/users/{person.pk}/"),
        ("post", f"/users/{person.pk}/deactivate/"),
        ("post", f"/users/{person.pk}/reactivate/"),
        ("post", f"/users/{person.pk}/reset-mfa/"),
        ("post", f"/users/{person.pk}/roles/"),
    ]:
        assert getattr(client, method)(path).status_code == 404, path
    assert User.objects.get(pk=person.pk).is_active


def test_api_tokens_are_the_owners_alone(world, signed_in, manager_331):
    from datetime import timedelta

    from accounts.services import api_token_create

    owner = world.users[Role.SOCIAL_WORKER]
    api_token_create(user=owner, name="mine", lifetime=timedelta(days=1))
    token = owner.api_tokens.get()
    response = signed_in(manager_331).post(f"/account/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_data_officer_cannot_end_or_switch_off_the_head_of_their_la(world, signed_in):
    """Ending roles follows the rule for removing one: only a Virtual School Head removes an
    admin role, so a data officer can neither end the head's role nor deactivate the head."""
    head = world.users[Role.VIRTUAL_SCHOOL_HEAD]
    RoleAssignmentFactory(user=head, role=Role.SOCIAL_WORKER, la=world.other_la)
    client = signed_in(world.users[Role.DATA_OFFICER])
    client.post(f"/users/{head.pk}/deactivate/")
    head.refresh_from_db()
    assert head.is_active
    assert RoleAssignment.objects.filter(user=head, role=Role.VIRTUAL_SCHOOL_HEAD).exists()
    only_here = UserFactory(email="second.head@example.org")
    RoleAssignmentFactory(user=only_here, role=Role.VIRTUAL_SCHOOL_HEAD, la=world.la)
    client.post(f"/users/{only_here.pk}/deactivate/")
    only_here.refresh_from_db()
    assert only_here.is_active and only_here.role_assignments.exists()


def test_the_head_resets_a_lost_authenticator_and_the_person_is_told(
    world, signed_in, django_capture_on_commit_callbacks
):
    from allauth.usersessions.models import UserSession

    from audit.models import AccessLog

    person = world.users[Role.SOCIAL_WORKER]
    assert Authenticator.objects.filter(user=person).exists()
    head = world.users[Role.VIRTUAL_SCHOOL_HEAD]
    with django_capture_on_commit_callbacks(execute=True):  # the email goes once committed
        response = signed_in(head).post(f"/users/{person.pk}/reset-mfa/")
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=person).exists()
    assert not UserSession.objects.filter(user=person).exists()
    assert AccessLog.objects.filter(action="mfa_reset", object_id=str(person.pk), user=head)
    assert "reset the authenticator app" in mail.outbox[-1].body
    assert mail.outbox[-1].to == [person.email]


def test_nobody_resets_their_own_authenticator_here(world, signed_in):
    head = world.users[Role.VIRTUAL_SCHOOL_HEAD]
    signed_in(head).post(f"/users/{head.pk}/reset-mfa/")
    assert Authenticator.objects.filter(user=head).exists()
