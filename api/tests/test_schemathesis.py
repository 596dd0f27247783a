"""A bounded schemathesis run over every operation of the API, as a Virtual School Head and as a
designated teacher, with every built-in check and a fixed seed: what an integrator's own
contract tests would find. It runs in-process (WSGI), inside the test's database transaction."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS, load_all_checks

from accounts.roles import Role
from api.tests.test_api import token_for

pytestmark = pytest.mark.django_db

load_all_checks()
# Every built-in check; max_response_time needs a limit we do not set here (see make bench).
ALL_CHECKS = [c for c in CHECKS.get_all() if c.__name__ != "max_response_time"]


@pytest.fixture
def in_the_test_transaction():
    """A WSGI request closes the database connection at its end (which on PostgreSQL ends the
    test's transaction); Django's own test client unhooks that, and so do we."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def unthrottled():
    """Hundreds of calls in a few seconds would meet the per-token limit (tested elsewhere)."""
    from api.views import api

    [throttle] = api.throttle
    was = throttle.num_requests
    throttle.num_requests = 10**9
    yield
    throttle.num_requests = was


# Rules the OpenAPI language cannot state: `to` on or after `from` (else a 422 saying so); in
# school places, a URN in the register, a child among those you may see, an unregistered
# provider's checks. Only those operations may answer a valid-looking request 422.
CONFIG = schemathesis.Config.from_str("""
[[operations]]
include-path-regex = "attendance|school-places"
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "403", "404", "422", "429"]
""")
# Loaded once at collection: the document comes from the app itself, through WSGI.
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", get_wsgi_application(), config=CONFIG
)
BOUNDED = settings(
    max_examples=25,
    derandomize=True,  # a fixed seed: the same cases on every run and every machine
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def _call(case, world, role):
    token = token_for(world, role)
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=ALL_CHECKS)


@schema.parametrize()
@BOUNDED
def test_every_operation_keeps_its_contract_for_a_virtual_school_head(
    case, world, unthrottled, in_the_test_transaction
):
    _call(case, world, Role.VIRTUAL_SCHOOL_HEAD)


@schema.parametrize()
@BOUNDED
def test_every_operation_keeps_its_contract_for_a_designated_teacher(
    case, world, unthrottled, in_the_test_transaction
):
    _call(case, world, Role.DESIGNATED_TEACHER)
