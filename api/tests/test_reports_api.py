"""PP+ summary and dashboard figures in the API: the same numbers and rules as the pages."""

import datetime
from decimal import Decimal

import pytest

from accounts.roles import Role
from core.actors import SYSTEM
from funding.ledger import ledger
from funding.services import pp_request_decide
from funding.tests.test_ledger import requests  # noqa: F401  (fixture)
from reports.dashboard import build_dashboard
from reports.periods import period_from_key
from reports.tests.test_dashboard import _user

pytestmark = pytest.mark.django_db


def _headers(user):
    from accounts.services import api_token_create

    token = api_token_create(user=user, name="t", lifetime=datetime.timedelta(days=1))
    return {"Authorization": f"Bearer {token}"}


def test_ppplus_summary_is_the_ledger(world, client, requests):  # noqa: F811
    grant, (a, _, _) = requests
    pp_request_decide(request=a, approve=Decimal("600"), reason="", actor=SYSTEM)
    body = client.get(
        "/api/v1/ppplus/2025-26/summary", headers=_headers(world.users["team_manager"])
    )
    book = ledger(grant)
    assert body.status_code == 200
    data = body.json()
    assert Decimal(data["allocation"]) == book.allocation == Decimal("5260.00")
    assert Decimal(data["committed"]) == Decimal("600.00")
    assert Decimal(data["remaining"]) == book.remaining
    assert data["by_child"] == [
        {"name": world.child.la_child_id, "committed": "600.00", "paid": "0.00"}
    ]
    bad = client.get(
        "/api/v1/ppplus/2025-27/summary", headers=_headers(world.users["team_manager"])
    )
    # The right shape but no such year: nothing is there, and the answer says what was meant.
    assert bad.status_code == 404 and "did you mean 2025-26" in bad.json()["detail"]
    shape = client.get(
        "/api/v1/ppplus/25-26/summary", headers=_headers(world.users["team_manager"])
    )
    assert shape.status_code == 422
    none = client.get(
        "/api/v1/ppplus/2019-20/summary", headers=_headers(world.users["team_manager"])
    )
    assert none.status_code == 404
    dt = client.get(
        "/api/v1/ppplus/2025-26/summary", headers=_headers(world.users["designated_teacher"])
    )
    assert dt.status_code == 403


def test_dashboard_api_gives_the_pages_figures(demo_la, client):
    headers = _headers(_user(demo_la, Role.TEAM_MANAGER))
    body = client.get("/api/v1/reports/dashboard?term=2025-spring&key_stage=KS2", headers=headers)
    assert body.status_code == 200
    got = {f["key"]: f for f in body.json()["figures"]}
    from children.roll.groups import Filters

    period = period_from_key(demo_la, "2025-spring", datetime.date(2026, 3, 1))
    want = build_dashboard(demo_la, period, Filters("KS2")).figures()
    assert set(got) == set(want)
    for key, figure in want.items():
        assert (got[key]["count"], got[key]["of"]) == (figure.count, figure.of), key
    assert (
        client.get("/api/v1/reports/dashboard?term=1999-autumn", headers=headers).status_code == 404
    )
    assert client.get("/api/v1/reports/dashboard?key_stage=KS9", headers=headers).status_code == 422
    board = _headers(_user(demo_la, Role.BOARD_MEMBER))
    assert client.get("/api/v1/reports/dashboard", headers=board).status_code == 403
