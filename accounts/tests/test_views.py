"""Administrators manage accounts in pages: invite, change roles, deactivate, within their LA."""

import re

import pytest
from django.core import mail

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from accounts.tests.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_data_officer_invites_a_social_worker(world, signed_in, client):
    officer = world.users[Role.DATA_OFFICER]
    response = signed_in(officer).post(
        "/users/invite/",
        {
            "email": "New.Worker@Example.org",
            "full_name": "New Worker",
            "job_title": "SW",
            "role": Role.SOCIAL_WORKER,
            "la": str(world.la.pk),
        },
    )
    user = User.objects.get(email="new.worker@example.org")
    assert response["Location"] == f"/users/{user.pk}/"
    assert RoleAssignment.objects.filter(user=user, role=Role.SOCIAL_WORKER, la=world.la).exists()
    assert not user.has_usable_password()
    link = re.search(r"http://testserver(\S+)", mail.outbox[-1].body).group(1)
    client.logout()
    assert client.get(link, follow=True).status_code == 200


def test_invite_form_errors_are_shown_in_an_error_summary(world, signed_in):
    officer = world.users[Role.DATA_OFFICER]
    response = signed_in(officer).post("/users/invite/", {"email": "not-an-email", "role": "x"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Enter an email address in the correct format" in page
    assert "Choose a role" in page
    assert not User.objects.filter(email="not-an-email").exists()


def test_designated_teacher_invite_needs_a_school_in_the_la(world, signed_in):
    officer = world.users[Role.DATA_OFFICER]
    client = signed_in(officer)
    data = {"email": "dt@example.org", "full_name": "DT", "role": Role.DESIGNATED_TEACHER}
    response = client.post("/users/invite/", data | {"school_urn": world.other_school.urn})
    assert "only add designated teachers for schools in your LA" in response.content.decode()
    assert not User.objects.filter(email="dt@example.org").exists()  # nothing half-written
    client.post("/users/invite/", data | {"school_urn": world.school.urn})
    assert RoleAssignment.objects.filter(user__email="dt@example.org", school=world.school).exists()


def test_data_officer_cannot_make_a_virtual_school_head(world, signed_in):
    officer = world.users[Role.DATA_OFFICER]
    target = world.users[Role.TEAM_MANAGER]
    response = signed_in(officer).post(
        f"/users/{target.pk}/roles/", {"role": Role.VIRTUAL_SCHOOL_HEAD, "la": str(world.la.pk)}
    )
    assert response.status_code == 400
    assert "Only the Virtual School Head can give this role" in response.content.decode()
    assert not target.role_assignments.filter(role=Role.VIRTUAL_SCHOOL_HEAD).exists()


def test_nobody_changes_their_own_roles(world, signed_in):
    vsh = world.users[Role.VIRTUAL_SCHOOL_HEAD]
    signed_in(vsh).post(f"/users/{vsh.pk}/roles/", {"role": Role.IRO, "la": str(world.la.pk)})
    assert not vsh.role_assignments.filter(role=Role.IRO).exists()


def test_vsh_adds_and_removes_a_role(world, signed_in):
    vsh, target = world.users[Role.VIRTUAL_SCHOOL_HEAD], world.users[Role.TEAM_MANAGER]
    client = signed_in(vsh)
    client.post(f"/users/{target.pk}/roles/", {"role": Role.DATA_OFFICER, "la": str(world.la.pk)})
    added = target.role_assignments.get(role=Role.DATA_OFFICER)
    client.post(f"/users/{target.pk}/roles/{added.pk}/remove/")
    assert not target.role_assignments.filter(pk=added.pk).exists()


def test_users_of_another_la_are_out_of_reach(world, signed_in):
    stranger = UserFactory()
    RoleAssignmentFactory(user=stranger, role=Role.SOCIAL_WORKER, la=world.other_la)
    client = signed_in(world.users[Role.VIRTUAL_SCHOOL_HEAD])
    assert client.get(f"/users/{stranger.pk}/").status_code == 404
    assert client.post(f"/users/{stranger.pk}/deactivate/").status_code == 404
    stranger.refresh_from_db()
    assert stranger.is_active
    assert stranger.email not in client.get("/users/").content.decode()


def test_deactivate_and_reactivate(world, signed_in):
    target = world.users[Role.SOCIAL_WORKER]
    client = signed_in(world.users[Role.DATA_OFFICER])
    client.post(f"/users/{target.pk}/deactivate/")
    target.refresh_from_db()
    assert not target.is_active and target.deactivated_at
    client.post(f"/users/{target.pk}/reactivate/")
    target.refresh_from_db()
    assert target.is_active


def test_an_administrator_cannot_deactivate_themselves(world, signed_in):
    officer = world.users[Role.DATA_OFFICER]
    RoleAssignmentFactory(user=officer, role=Role.SOCIAL_WORKER, la=world.la)
    signed_in(officer).post(f"/users/{officer.pk}/deactivate/")
    officer.refresh_from_db()
    assert officer.is_active


def test_a_person_working_for_two_las_loses_only_the_roles_of_the_la_that_deactivates(
    world, signed_in
):
    shared = world.users[Role.SOCIAL_WORKER]
    RoleAssignmentFactory(user=shared, role=Role.SOCIAL_WORKER, la=world.other_la)
    response = signed_in(world.users[Role.DATA_OFFICER]).post(
        f"/users/{shared.pk}/deactivate/", follow=True
    )
    assert "They keep their roles in other local authorities" in response.content.decode()
    shared.refresh_from_db()
    assert shared.is_active
    assert list(shared.role_assignments.values_list("la__code", flat=True)) == ["331"]


def test_an_unreachable_mail_server_is_an_error_message_and_the_invitation_can_be_resent(
    world, signed_in, settings
):
    """The SMTP backend pointed at a closed port on this machine: connection refused."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    client = signed_in(world.users[Role.DATA_OFFICER])
    data = {
        "email": "later@example.org",
        "full_name": "Later Worker",
        "job_title": "SW",
        "role": Role.SOCIAL_WORKER,
        "la": str(world.la.pk),
    }
    response = client.post("/users/invite/", data)
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert "the email server did not answer" in page
    assert not User.objects.filter(email="later@example.org").exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert client.post("/users/invite/", data).status_code == 302
    assert User.objects.filter(email="later@example.org").exists()
