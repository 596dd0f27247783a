"""The API's error model: RFC 9457 problem details, `application/problem+json`, for every error
under /api/v1/, whichever layer produced it (an endpoint, ninja's validation, the URL resolver,
a wrong method, an unexpected exception)."""

from __future__ import annotations

import json

from django.http import HttpResponse

PROBLEM_CONTENT_TYPE = "application/problem+json"
# One `type` URI per kind of problem (URNs: nothing to fetch, stable across deployments).
TITLES = {
    400: ("bad-request", "Bad request"),
    401: ("unauthenticated", "Unauthenticated"),
    403: ("forbidden", "Forbidden"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    409: ("conflict", "Conflict with the record's current state"),
    422: ("invalid-request", "Invalid request"),
    429: ("too-many-requests", "Too many requests"),
    500: ("server-error", "Server error"),
}


def problem_type(status: int) -> str:
    slug, _ = TITLES.get(status, TITLES[500] if status >= 500 else TITLES[400])
    return f"urn:virtual-school:problem:{slug}"


def problem_body(status: int, detail: str = "", errors: list[dict] | None = None) -> dict:
    _, title = TITLES.get(status, (None, "Error"))
    body: dict = {"type": problem_type(status), "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if errors is not None:
        body["errors"] = errors
    return body


def problem_response(status: int, detail: str = "", errors: list[dict] | None = None):
    response = HttpResponse(
        json.dumps(problem_body(status, detail, errors)),
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
    )
    return response


def validation_errors(raw: list[dict]) -> list[dict]:
    """ninja/pydantic errors as `{"field": "query.limit", "message": "..."}`."""
    return [
        {"field": ".".join(str(part) for part in e.get("loc", ())), "message": e.get("msg", "")}
        for e in raw
    ]


PROBLEM_SCHEMA = {
    "title": "Problem",
    "description": "RFC 9457 problem details",
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string", "format": "uri", "enum": [problem_type(s) for s in TITLES]},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}
