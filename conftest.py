"""Shared fixtures: a small two-LA world with one signed-in person per role, and the browser."""

from __future__ import annotations

import datetime
import os
import shutil
from dataclasses import dataclass, field

import pytest

from accounts.models import User
from accounts.roles import Role
from accounts.tests.factories import RoleAssignmentFactory, UserFactory, enrol_totp
from attendance.catalogue import codes_seed
from authorities.tests.factories import LocalAuthorityFactory
from children.models import Child, ChildRelationship
from children.tests.factories import (
    CareEpisodeFactory,
    ChildFactory,
    ChildRelationshipFactory,
    EducationPlacementFactory,
    SdqScoreFactory,
)
from schools.models import School
from schools.tests.factories import SchoolFactory

LINK_KIND = {
    Role.SOCIAL_WORKER: ChildRelationship.Kind.SOCIAL_WORKER,
    Role.IRO: ChildRelationship.Kind.IRO,
    Role.CARER: ChildRelationship.Kind.CARER,
}


@dataclass
class World:
    """LA 330 with three children; LA 331 with one child placed at a 330 school."""

    la: object
    other_la: object
    school: School
    other_school: School
    child: Child  # LA 330, linked to the social worker, IRO and carer, at `school`
    unlinked_child: Child  # LA 330, at `other_school`, linked to nobody
    other_la_child: Child  # LA 331, at `school`: the designated teacher sees it too
    users: dict[str, User] = field(default_factory=dict)
    totp_secrets: dict[str, str] = field(default_factory=dict)


def _child(la, school, **kwargs) -> Child:
    child = ChildFactory(la=la, **kwargs)
    CareEpisodeFactory(child=child)
    EducationPlacementFactory(child=child, school=school)
    SdqScoreFactory(child=child)
    return child


@pytest.fixture
def world(db) -> World:
    # Transactional tests flush the database, taking the migration's code catalogue with it.
    codes_seed()
    la = LocalAuthorityFactory(code="330", name="Birmingham")
    other_la = LocalAuthorityFactory(code="331", name="Coventry")
    school = SchoolFactory(la_code="330", name="Oak Park Academy")
    other_school = SchoolFactory(la_code="331", name="Elm Vale Academy")
    w = World(
        la=la,
        other_la=other_la,
        school=school,
        other_school=other_school,
        child=_child(la, school, forename="Ada", surname="Lovelace"),
        unlinked_child=_child(la, other_school, forename="Ben", surname="Okafor"),
        other_la_child=_child(other_la, school, forename="Cara", surname="Nowak"),
    )
    for role in Role:
        user = UserFactory(email=f"{role.value}@example.org", full_name=f"Test {role.label}")
        if role == Role.DESIGNATED_TEACHER:
            RoleAssignmentFactory(user=user, role=role, la=None, school=school)
        else:
            RoleAssignmentFactory(user=user, role=role, la=la)
        if role in LINK_KIND:
            ChildRelationshipFactory(child=w.child, user=user, kind=LINK_KIND[role])
        w.users[role.value] = user
        w.totp_secrets[role.value] = enrol_totp(user)
    return w


DEMO_AS_OF = datetime.date(2026, 3, 20)


@pytest.fixture
def demo_la(db):
    """A small generated LA (roll, schools, SEN, a calendar, daily marks, PEPs) as of spring."""
    from demo.builder import demo_build

    codes_seed()
    return demo_build(la_code="330", children=70, seed=7, as_of=DEMO_AS_OF).la


@pytest.fixture
def signed_in(client):
    """signed_in(user) -> the test client, signed in as a user who has passed MFA."""

    def sign_in(user):
        client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
        return client

    return sign_in


# --- Browser tests ---------------------------------------------------------------------------

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(
                f"Chromium not found at {CHROMIUM}; CI must have it (apt-get install chromium)"
            )
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    # Playwright runs its own event loop; Django must allow sync DB calls beside it.
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as pw:
            instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield instance
            instance.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def a11y_page(page):
    from core.tests.browser import A11yPage

    wrapped = A11yPage(page)
    yield wrapped
    missed = wrapped.unchecked()
    assert not missed, f"Pages visited without an accessibility check: {missed}"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 at production strength costs ~0.2 s a user; tests make hundreds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- Flushing the test database ------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def _flush_lifts_the_audit_triggers():
    """Transactional tests end with a flush, which on SQLite is DELETE FROM every table: the
    access log's append-only triggers (audit/triggers.py) are lifted for that statement only.
    (PostgreSQL flushes with TRUNCATE, which its row trigger does not see.)"""
    from django.db import connection

    if connection.vendor != "sqlite":
        yield
        return
    from django.db.backends.sqlite3.base import DatabaseOperations

    from audit.triggers import SQLITE_CREATE, SQLITE_DROP

    original = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        with self.connection.cursor() as cursor:
            for statement in SQLITE_DROP:
                cursor.execute(statement)
        try:
            original(self, sql_list)
        finally:
            with self.connection.cursor() as cursor:
                for statement in SQLITE_CREATE:
                    cursor.execute(statement)

    DatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    DatabaseOperations.execute_sql_flush = original
