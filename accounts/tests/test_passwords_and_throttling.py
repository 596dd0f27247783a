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
