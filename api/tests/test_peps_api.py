import datetime

import pytest

from accounts.services import api_token_create
from authorities.terms import calendar_set_typical
from core.actors import SYSTEM
from peps.models import Pep, Status
from peps.services import pep_initiate

pytestmark = pytest.mark.django_db
D = datetime.date


def _headers(user):
    token = api_token_create(user=user, name="t", lifetime=datetime.timedelta(days=1))
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def peps(world):
    calendar_set_typical(la=world.la, years=[2025])
    calendar_set_typical(la=world.other_la, years=[2025])
    return (
        pep_initiate(child=world.child, actor=SYSTEM, day=D(2025, 10, 1)),
        pep_initiate(child=world.other_la_child, actor=SYSTEM, day=D(2025, 10, 1)),
    )


def test_list_and_read_peps_with_the_pages_rules(world, peps, client):
    mine, theirs = peps
    sw = _headers(world.users["social_worker"])
    body = client.get("/api/v1/peps?term=2025-autumn&status=not_started", headers=sw).json()
    assert [p["id"] for p in body["items"]] == [mine.pk]
    assert body["items"][0]["term"] == "2025-autumn"
    assert client.get(f"/api/v1/peps/{mine.pk}", headers=sw).json()["sections"]
    assert client.get(f"/api/v1/peps/{theirs.pk}", headers=sw).status_code == 404
    dt = _headers(world.users["designated_teacher"])  # the school has both children
    assert len(client.get("/api/v1/peps", headers=dt).json()["items"]) == 2
    bad = client.get("/api/v1/peps?term=autumn", headers=sw)
    assert bad.status_code == 422 and bad["Content-Type"] == "application/problem+json"


def test_workflow_transitions_in_the_api(world, peps, client):
    mine, _ = peps
    dt = _headers(world.users["designated_teacher"])
    refused = client.post(f"/api/v1/peps/{mine.pk}/submit", headers=dt)
    assert refused.status_code == 422 and "child's voice" in refused.json()["detail"]
    Pep.objects.filter(pk=mine.pk).update(status=Status.SUBMITTED)
    carer = _headers(world.users["carer"])
    assert client.post(f"/api/v1/peps/{mine.pk}/sign-off", headers=carer).status_code == 403
    esa = _headers(world.users["education_support_advisor"])
    returned = client.post(
        f"/api/v1/peps/{mine.pk}/return",
        {"reason": "Add targets"},
        content_type="application/json",
        headers=esa,
    )
    assert returned.status_code == 200 and returned.json()["status"] == "returned"


def test_a_step_from_the_wrong_state_is_a_409_for_those_who_may_take_it(world, peps, client):
    mine, _ = peps  # not started: it cannot be signed off yet
    url = f"/api/v1/peps/{mine.pk}/sign-off"
    response = client.post(url, headers=_headers(world.users["virtual_school_head"]))
    assert response.status_code == 409
    assert response.json()["type"] == "urn:virtual-school:problem:conflict"
    assert client.post(url, headers=_headers(world.users["carer"])).status_code == 403
