"""Idle timeout, absolute lifetime, sign-out and deactivation all end the session."""

import time

import pytest
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session

from accounts import services
from accounts.roles import Role
from accounts.tests.factories import PASSWORD
from accounts.totp import totp_code_now
from audit.models import AccessLog
from core.actors import SYSTEM

pytestmark = pytest.mark.django_db


def full_sign_in(client, world, role=Role.VIRTUAL_SCHOOL_HEAD, window=0):
    user = world.users[role]
    code = totp_code_now(world.totp_secrets[role], at=time.time() + 30 * window)
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    client.post("/accounts/2fa/authenticate/", {"code": code})
    assert client.get("/").status_code == 200
    return user


def age_session(client, **seconds):
    session = client.session
    for key, ago in seconds.items():
        session[key] = time.time() - ago
    session.save()


def test_idle_session_ends(world, client, settings):
    full_sign_in(client, world)
    idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
    age_session(client, vs_seen_at=idle - 60)
    assert client.get("/").status_code == 200
    age_session(client, vs_seen_at=idle + 5)
    response = client.get("/children/")
    assert response["Location"] == "/accounts/login/?next=/children/"
    assert client.get("/").status_code == 302
    assert "because you had not done anything" in client.get("/accounts/login/").content.decode()
    assert AccessLog.objects.filter(action="session_expired").count() == 1


def test_active_session_still_ends_at_the_absolute_lifetime(world, client, settings):
    full_sign_in(client, world)
    lifetime = settings.SESSION_ABSOLUTE_LIFETIME.total_seconds()
    age_session(client, vs_auth_at=lifetime + 5, vs_seen_at=1)
    assert client.get("/").status_code == 302
    assert "longest time allowed" in client.get("/accounts/login/").content.decode()


def test_timeouts_are_settings(world, client, settings):
    from datetime import timedelta

    settings.SESSION_IDLE_TIMEOUT = timedelta(minutes=1)
    full_sign_in(client, world)
    age_session(client, vs_seen_at=61)
    assert client.get("/").status_code == 302


def test_sign_out_ends_the_session_on_the_server(world, client):
    full_sign_in(client, world)
    old_key = client.session.session_key
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=old_key).exists()
    client.cookies["vs_session"] = old_key  # replaying the old cookie gets nothing
    assert client.get("/").status_code == 302


def test_deactivating_a_user_ends_all_their_sessions(world, client):
    from django.test import Client

    vsh = full_sign_in(client, world)
    other_device = Client()
    full_sign_in(other_device, world, window=1)  # the first code cannot be replayed
    assert UserSession.objects.filter(user=vsh).count() == 2
    services.user_deactivate(user=vsh, actor=SYSTEM)  # an operator (the data officer may not)
    assert UserSession.objects.filter(user=vsh).count() == 0
    assert client.get("/").status_code == 302
    assert other_device.get("/").status_code == 302
    client.post("/accounts/login/", {"login": vsh.email, "password": PASSWORD})
    assert client.get("/").status_code == 302
