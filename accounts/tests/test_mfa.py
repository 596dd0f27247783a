"""MFA is required for every account, codes cannot be replayed, and resets do not bypass it."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core import mail

from accounts.roles import Role
from accounts.tests.factories import PASSWORD, RoleAssignmentFactory, UserFactory
from accounts.totp import totp_code_now

pytestmark = pytest.mark.django_db


def password_step(client, user, password=PASSWORD):
    return client.post("/accounts/login/", {"login": user.email, "password": password})


def test_user_without_authenticator_is_sent_to_enrolment_from_every_page(world, client):
    user = UserFactory()
    RoleAssignmentFactory(user=user, role=Role.VIRTUAL_SCHOOL_HEAD, la=world.la)
    password_step(client, user)
    for path in ["/", "/children/", f"/children/{world.child.pk}/", "/users/", "/account/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/accounts/2fa/totp/activate/", path
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200
    assert client.get("/accessibility/").status_code == 200


def test_user_without_authenticator_cannot_use_the_api_either(world, client):
    user = UserFactory()
    RoleAssignmentFactory(user=user, role=Role.VIRTUAL_SCHOOL_HEAD, la=world.la)
    password_step(client, user)
    assert client.post("/account/api-tokens/", {"name": "x"}).status_code == 302
    assert not user.api_tokens.exists()


def test_enrolled_user_needs_a_code_after_the_password(world, client):
    vsh = world.users[Role.VIRTUAL_SCHOOL_HEAD]
    response = password_step(client, vsh)
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/").status_code == 302  # not signed in yet
    code = totp_code_now(world.totp_secrets[Role.VIRTUAL_SCHOOL_HEAD])
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_a_used_code_cannot_be_used_again(world, client):
    vsh = world.users[Role.VIRTUAL_SCHOOL_HEAD]
    code = totp_code_now(world.totp_secrets[Role.VIRTUAL_SCHOOL_HEAD])
    password_step(client, vsh)
    client.post("/accounts/2fa/authenticate/", {"code": code})
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    password_step(client, vsh)
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 200  # the form again, with an error
    assert "Incorrect code" in response.content.decode()
    assert client.get("/").status_code == 302


def test_a_recovery_code_works_once(world, client):
    vsh = world.users[Role.VIRTUAL_SCHOOL_HEAD]
    codes = RecoveryCodes.activate(vsh).get_unused_codes()
    password_step(client, vsh)
    client.post("/accounts/2fa/authenticate/", {"code": codes[0]})
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    password_step(client, vsh)
    client.post("/accounts/2fa/authenticate/", {"code": codes[0]})
    assert client.get("/").status_code == 302


def test_password_reset_does_not_sign_in_or_bypass_mfa(world, client):
    vsh = world.users[Role.VIRTUAL_SCHOOL_HEAD]
    client.post("/accounts/password/reset/", {"email": vsh.email})
    link = re.search(r"http://testserver(\S+)", mail.outbox[-1].body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    new = "a brand new passphrase for me"
    client.post(form_url, {"password1": new, "password2": new})
    assert client.get("/").status_code == 302  # the reset did not sign anyone in
    response = password_step(client, vsh, new)
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/").status_code == 302


def test_the_authenticator_cannot_be_removed(world, signed_in):
    vsh = world.users[Role.VIRTUAL_SCHOOL_HEAD]
    client = signed_in(vsh)
    client.post("/accounts/2fa/totp/deactivate/", {})
    assert Authenticator.objects.filter(user=vsh, type=Authenticator.Type.TOTP).exists()


def test_the_sign_in_pages_speak_govuk(world, client):
    """allauth's pages restyled: sentence-case headings and buttons, the error summary above
    the heading, a hint instead of a placeholder; never the library's own wording."""
    vsh = world.users[Role.VIRTUAL_SCHOOL_HEAD]
    password_step(client, vsh)
    page = client.get("/accounts/2fa/authenticate/").content.decode()
    assert "Enter the code from your authenticator app</h1>" in page
    assert "Two-Factor" not in page and "placeholder" not in page and "For example, 123456" in page
    wrong = client.post("/accounts/2fa/authenticate/", {"code": ""}).content.decode()
    assert "<title>Error: " in wrong
    assert wrong.index("govuk-error-summary") < wrong.index("<h1")
    assert "Enter the code from your authenticator app</a>" in wrong  # the summary's link
    client.logout()
    for path, heading in [
        ("/accounts/password/reset/", "Reset your password"),
        ("/accounts/password/reset/done/", "Check your email"),
        ("/accounts/inactive/", "This account is not active"),
    ]:
        text = client.get(path).content.decode()
        assert f'<h1 class="govuk-heading-l">{heading}</h1>' in text, path
    client.force_login(vsh, backend="allauth.account.auth_backends.AuthenticationBackend")
    for path, heading in [
        ("/accounts/password/change/", "Change your password"),
        ("/accounts/logout/", "Sign out"),
        ("/accounts/sessions/", "Where you are signed in"),
        ("/accounts/reauthenticate/", "Confirm it is you"),
    ]:
        response = client.get(path)
        text = response.content.decode()
        assert response.status_code == 200 and heading in text, path
        assert not re.search(r">\s*(Change Password|Sign Out|Sessions|Recovery Codes)\s*<", text)
