"""The API's contract: every response under /api/v1/ is JSON, every error a problem document
(RFC 9457) with a type per kind, declared in the OpenAPI document; control characters are a
422; pages have a maximum; each token has a rate limit."""

import pytest

from api.tests.test_api import token_for

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def _get(client, token, path):
    return client.get(path, headers={"Authorization": f"Bearer {token}"})


def test_an_unknown_path_and_a_wrong_method_answer_problem_json(world, client):
    token = token_for(world, "virtual_school_head")
    unknown = _get(client, token, "/api/v1/no-such-thing")
    assert (unknown.status_code, unknown["Content-Type"]) == (404, PROBLEM)
    assert unknown.json()["type"] == "urn:virtual-school:problem:not-found"
    wrong = client.delete("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert (wrong.status_code, wrong["Content-Type"]) == (405, PROBLEM)
    assert "GET" in wrong["Allow"]


@pytest.mark.parametrize("param", ["q=%00", "q=a%00b", "status=%1f", "la=3%0030"])
def test_control_characters_are_a_422_never_a_500(world, client, param):
    response = _get(client, token_for(world, "virtual_school_head"), f"/api/v1/children?{param}")
    assert (response.status_code, response["Content-Type"]) == (422, PROBLEM)


def test_validation_errors_name_the_field(world, client):
    response = _get(client, token_for(world, "virtual_school_head"), "/api/v1/children?limit=x")
    body = response.json()
    assert response.status_code == 422 and body["errors"]
    assert body["errors"][0]["field"].endswith("limit") and body["errors"][0]["message"]


def test_limit_has_a_maximum(world, client):
    token = token_for(world, "virtual_school_head")
    assert _get(client, token, "/api/v1/children?limit=500").status_code == 200
    too_many = _get(client, token, "/api/v1/children?limit=100000")
    assert (too_many.status_code, too_many["Content-Type"]) == (422, PROBLEM)


def test_every_operation_declares_its_problem_responses(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "Problem" in schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            declared = set(operation["responses"])
            assert declared & {"200", "201"}, (method, path)  # 201: a POST that made something
            assert {"401", "403", "422", "429", "500"} <= declared, (method, path)
            if "{" in path:
                assert "404" in declared, path


def test_each_token_has_a_rate_limit_with_retry_after(world, client):
    from api.views import api

    [throttle] = api.throttle
    was = throttle.num_requests, throttle.duration
    throttle.num_requests, throttle.duration = throttle.parse_rate("3/m")
    try:
        token = token_for(world, "social_worker")
        answers = [_get(client, token, "/api/v1/me").status_code for _ in range(4)]
        assert answers == [200, 200, 200, 429]
        refused = _get(client, token, "/api/v1/me")
        assert refused["Content-Type"] == PROBLEM and int(refused["Retry-After"]) > 0
        assert _get(client, token_for(world, "carer"), "/api/v1/me").status_code == 200
    finally:
        throttle.num_requests, throttle.duration = was


def test_enumerations_are_enums_in_the_schema_and_anything_else_is_a_422(world, client):
    schema = client.get("/api/v1/openapi.json").json()
    text = str(schema)
    assert "'signed_off'" in text and "'KS4'" in text  # PEP statuses and key stages listed
    token = token_for(world, "virtual_school_head")
    assert _get(client, token, "/api/v1/peps?status=bogus").status_code == 422
    assert _get(client, token, "/api/v1/reports/dashboard?key_stage=KS9").status_code == 422


def test_an_undeclared_or_misspelt_parameter_is_a_422_naming_it(world, client):
    token = token_for(world, "virtual_school_head")
    response = _get(client, token, "/api/v1/peps?stauts=draft")
    assert (response.status_code, response["Content-Type"]) == (422, PROBLEM)
    assert "'stauts'" in response.json()["detail"] and "status" in response.json()["detail"]
    assert _get(client, token, "/api/v1/peps?status=in_progress&limit=5").status_code == 200


@pytest.mark.parametrize("day", ["0", "1700000000", "2025-1-1"])
def test_a_day_is_written_yyyy_mm_dd_not_a_unix_time(world, client, day):
    token = token_for(world, "virtual_school_head")
    assert _get(client, token, f"/api/v1/children?on_roll_at={day}").status_code == 422
    assert _get(client, token, "/api/v1/children?on_roll_at=2025-01-01").status_code == 200
