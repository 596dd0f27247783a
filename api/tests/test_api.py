"""The API: bearer tokens, the same scoping and field rules as pages, problem+json errors."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.roles import Role
from accounts.services import api_token_create, user_deactivate
from audit.models import AccessLog
from core.actors import SYSTEM

pytestmark = pytest.mark.django_db


def api(client, token, path):
    return client.get(f"/api/v1{path}", headers={"Authorization": f"Bearer {token}"})


def token_for(world, role):
    return api_token_create(user=world.users[role], name="t", lifetime=timedelta(days=1))


def test_without_a_token_the_answer_is_a_401_problem(client):
    response = client.get("/api/v1/children")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Unauthenticated"
    assert response.json()["type"] == "urn:virtual-school:problem:unauthenticated"


def test_a_social_worker_lists_only_their_children(world, client):
    response = api(client, token_for(world, Role.SOCIAL_WORKER), "/children")
    assert [c["la_child_id"] for c in response.json()["items"]] == [world.child.la_child_id]
    assert AccessLog.objects.filter(action="view", object_type="child_list", via_api=True).exists()


def test_a_child_outside_scope_is_a_404_problem_and_logged(world, client):
    response = api(
        client, token_for(world, Role.SOCIAL_WORKER), f"/children/{world.unlinked_child.pk}"
    )
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert AccessLog.objects.filter(
        action="denied", object_id=str(world.unlinked_child.pk)
    ).exists()


@pytest.mark.parametrize(
    ("role", "sees_sensitive"),
    [(Role.VIRTUAL_SCHOOL_HEAD, True), (Role.DESIGNATED_TEACHER, False), (Role.CARER, False)],
)
def test_field_rules_apply_to_the_api(world, client, role, sees_sensitive):
    body = api(client, token_for(world, role), f"/children/{world.child.pk}").json()
    assert body["forename"] == world.child.forename
    sensitive = [body["home_postcode"], body["latest_sdq_score"], body["health_notes"]]
    assert all(v is not None for v in sensitive) is sees_sensitive
    assert all(v is None for v in sensitive) is not sees_sensitive
    assert AccessLog.objects.filter(action="view", object_type="child", via_api=True).count() == 1


def test_board_members_get_a_403_for_named_children(world, client):
    response = api(client, token_for(world, Role.BOARD_MEMBER), "/children")
    assert response.status_code == 403
    assert response.json()["status"] == 403


@pytest.mark.parametrize("spoil", ["revoke", "expire", "deactivate"])
def test_revoked_expired_or_deactivated_tokens_stop_working(world, client, spoil):
    raw = token_for(world, Role.VIRTUAL_SCHOOL_HEAD)
    assert api(client, raw, "/me").status_code == 200
    vsh = world.users[Role.VIRTUAL_SCHOOL_HEAD]
    token = vsh.api_tokens.get()
    if spoil == "revoke":
        token.revoked_at = timezone.now()
        token.save()
    elif spoil == "expire":
        token.expires_at = timezone.now() - timedelta(seconds=1)
        token.save()
    else:
        user_deactivate(user=vsh, actor=SYSTEM)
    assert api(client, raw, "/me").status_code == 401


def test_tokens_are_stored_only_as_hashes(world):
    raw = token_for(world, Role.VIRTUAL_SCHOOL_HEAD)
    token = world.users[Role.VIRTUAL_SCHOOL_HEAD].api_tokens.get()
    assert raw not in (token.token_hash, token.prefix) and len(token.token_hash) == 64


def test_openapi_schema_is_published(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/children", "/api/v1/children/{child_id}", "/api/v1/me"} <= set(schema["paths"])


def test_token_page_creates_and_revokes(world, signed_in):
    client = signed_in(world.users[Role.SOCIAL_WORKER])
    page = client.post("/account/api-tokens/", {"name": "script"}).content.decode()
    raw = page.split('<code class="vs-recovery-codes">')[1].split("</code>")[0]
    assert api(client, raw, "/me").json()["email"] == world.users[Role.SOCIAL_WORKER].email
    token = world.users[Role.SOCIAL_WORKER].api_tokens.get()
    client.post(f"/account/api-tokens/{token.pk}/revoke/")
    assert api(client, raw, "/me").status_code == 401


def test_on_roll_at_filters_to_the_roll_that_day(world, client):
    from datetime import date

    raw = token_for(world, Role.VIRTUAL_SCHOOL_HEAD)
    today = api(client, raw, f"/children?on_roll_at={date.today():%Y-%m-%d}").json()
    assert today["count"] == 2
    before_care = api(client, raw, "/children?on_roll_at=2023-01-01").json()
    assert before_care["count"] == 0  # the world's episodes start in 2024
    bad = api(client, raw, "/children?on_roll_at=31/12/2025")
    assert bad.status_code == 422 and bad["Content-Type"] == "application/problem+json"


def test_school_endpoint_lists_only_children_you_may_see(world, client):
    body = api(
        client, token_for(world, Role.DESIGNATED_TEACHER), f"/schools/{world.school.urn}"
    ).json()
    assert body["name"] == world.school.name
    assert {c["la_child_id"] for c in body["children"]} == {
        world.child.la_child_id,
        world.other_la_child.la_child_id,
    }
    sw = api(client, token_for(world, Role.SOCIAL_WORKER), f"/schools/{world.school.urn}").json()
    assert [c["la_child_id"] for c in sw["children"]] == [world.child.la_child_id]
    assert (
        api(client, token_for(world, Role.BOARD_MEMBER), f"/schools/{world.school.urn}").status_code
        == 403
    )
    assert api(client, token_for(world, Role.VIRTUAL_SCHOOL_HEAD), "/schools/1").status_code == 404


def test_children_list_paginates_in_the_database(world, client, django_assert_max_num_queries):
    from children.tests.factories import ChildFactory

    for _ in range(40):
        ChildFactory(la=world.la)
    raw = token_for(world, Role.VIRTUAL_SCHOOL_HEAD)
    with django_assert_max_num_queries(12):  # 10, and the rate limit's two in the shared cache
        body = api(client, raw, "/children?limit=5").json()
    assert body["count"] == 42 and len(body["items"]) == 5
    assert body["items"][0]["la_code"] == "330"
