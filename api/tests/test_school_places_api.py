"""School place casework in the API: scoped as the pages, with problem JSON for refusals."""

import datetime

import pytest

from api.tests.test_api import api as get
from api.tests.test_api import token_for
from core.actors import SYSTEM
from school_places.services import case_open

pytestmark = pytest.mark.django_db


def _post(client, token, path, body):
    return client.post(
        f"/api/v1{path}",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_cases_and_applications_are_scoped_like_the_pages(world, client):
    case = case_open(
        child=world.child,
        source="officer",
        data={"reason": "Moved"},
        day=datetime.date(2026, 1, 5),
        actor=SYSTEM,
    )
    officer = token_for(world, "school_placement_officer")
    listed = get(client, officer, "/school-places/cases").json()
    assert [c["id"] for c in listed["items"]] == [case.pk]
    assert listed["items"][0]["la_child_id"] == world.child.la_child_id
    made = _post(
        client,
        officer,
        f"/school-places/cases/{case.pk}/applications",
        {"urn": world.school.urn, "sent_on": "2026-01-06", "choice_reason": "Near"},
    )
    assert made.status_code == 201 and made.json()["decision_due"]
    detail = get(client, officer, f"/school-places/cases/{case.pk}").json()
    assert [a["urn"] for a in detail["applications"]] == [world.school.urn]
    unknown = _post(
        client,
        officer,
        f"/school-places/cases/{case.pk}/applications",
        {"urn": 999999, "sent_on": "2026-01-06"},
    )
    assert unknown.status_code == 422 and unknown["Content-Type"] == "application/problem+json"
    sw = token_for(world, "social_worker")  # the child's own social worker reads, never writes
    assert get(client, sw, f"/school-places/cases/{case.pk}").status_code == 200
    refused = _post(
        client,
        sw,
        f"/school-places/cases/{case.pk}/applications",
        {"urn": world.school.urn, "sent_on": "2026-01-06"},
    )
    assert refused.status_code == 403
    from accounts.tests.factories import RoleAssignmentFactory, UserFactory

    elsewhere = UserFactory()
    RoleAssignmentFactory(user=elsewhere, role="school_placement_officer", la=world.other_la)
    from datetime import timedelta

    from accounts.services import api_token_create

    other = api_token_create(user=elsewhere, name="t", lifetime=timedelta(days=1))
    assert get(client, other, f"/school-places/cases/{case.pk}").status_code == 404
    assert get(client, other, "/school-places/cases").json()["items"] == []


def test_the_register_in_the_api(world, client):
    officer = token_for(world, "school_placement_officer")
    body = {
        "child_id": world.child.pk,
        "kind": "part_time",
        "provider": "school",
        "provider_name": "Oak Park",
        "provider_urn": world.school.urn,
        "hours_a_week": "12",
        "payer": "school",
        "starts_on": "2026-01-05",
    }
    made = _post(client, officer, "/school-places/packages", body)
    assert made.status_code == 201 and made.json()["review_on"] == "2026-02-16"
    listed = get(client, officer, "/school-places/packages").json()["items"]
    assert [p["id"] for p in listed] == [made.json()["id"]] and "Review overdue" in listed[0][
        "flags"
    ]
    wrong = _post(client, officer, "/school-places/packages", {**body, "provider": "unregistered"})
    assert wrong.status_code == 422  # an unregistered provider needs its checks
    assert (
        get(client, token_for(world, "social_worker"), "/school-places/packages").status_code == 403
    )
