"""OWASP ASVS 5 password rules and sign-in throttling."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from accounts.roles import Role
from accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "password", ["short pass1", "password1234", "qwerty123456", "1qaz2wsx3edc"]
)
def test_short_or_common_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize(
    "password", ["correct horse battery staple", "alllowercaseletters", "x" * 128]
)
def test_long_passwords_need_no_composition_rules(password):
    validate_password(password)


def test_very_long_passwords_are_capped_only_for_hashing_cost():
    with pytest.raises(ValidationError):
        validate_password("x" * 129)


def test_repeated_failures_lock_out_that_account_even_with_the_right_password(world, client):
    vsh = world.users[Role.VIRTUAL_SCHOOL_HEAD]
    for _ in range(5):
        client.post("/accounts/login/", {"login": vsh.email, "password": "not the password"})
    response = client.post("/accounts/login/", {"login": vsh.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_other_accounts_are_not_locked_by_someone_elses_failures(world, client):
    vsh, tm = world.users[Role.VIRTUAL_SCHOOL_HEAD], world.users[Role.TEAM_MANAGER]
    for _ in range(5):
        client.post("/accounts/login/", {"login": vsh.email, "password": "not the password"})
    response = client.post("/accounts/login/", {"login": tm.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"


def _attempt(client, email, password, client_ip):
    """A sign-in through the README's load balancer (10.0.0.1), which appends the client's
    address to X-Forwarded-For."""
    return client.post(
        "/accounts/login/",
        {"login": email, "password": password},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=client_ip,
    )


def test_behind_the_load_balancer_one_persons_failures_lock_out_nobody_else(
    world, client, settings
):
    from audit.models import AccessLog

    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    vsh, tm = world.users[Role.VIRTUAL_SCHOOL_HEAD], world.users[Role.TEAM_MANAGER]
    for _ in range(12):  # more than the old per-IP limit of 10 a minute
        _attempt(client, vsh.email, "not the password", "203.0.113.5")
    refused = _attempt(client, vsh.email, PASSWORD, "203.0.113.5")
    assert "Too many failed login attempts" in refused.content.decode()
    # A colleague at the same office address, and one elsewhere, sign in as usual.
    for address in ("203.0.113.5", "198.51.100.7"):
        client.cookies.clear()
        response = _attempt(client, tm.email, PASSWORD, address)
        assert response["Location"] == "/accounts/2fa/authenticate/", address
    throttled = AccessLog.objects.filter(action=AccessLog.Action.SIGN_IN_THROTTLED)
    assert throttled.count() == 12 - 5 + 1  # every refused attempt is logged
    assert set(throttled.values_list("ip_address", flat=True)) == {"203.0.113.5"}


def test_wrong_authentication_codes_are_throttled_per_account_and_logged(world, client):
    from audit.models import AccessLog

    vsh = world.users[Role.VIRTUAL_SCHOOL_HEAD]
    client.post("/accounts/login/", {"login": vsh.email, "password": PASSWORD})
    for _ in range(6):
        response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert "Too many failed" in response.content.decode()
    assert AccessLog.objects.filter(action=AccessLog.Action.SIGN_IN_THROTTLED).count() >= 1
