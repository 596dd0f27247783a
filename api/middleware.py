"""Every response under /api/v1/ is JSON. Before the view: a control character in the query
string or path is a 422 problem (PostgreSQL cannot store a NUL; nothing legitimate sends one),
and so is a query parameter the operation does not declare (a misspelt filter would otherwise be
ignored silently, and the integrator would read the whole list as the filtered one).
After it: an error that is not JSON already (an unknown path, a wrong method) becomes a
problem with the same status (and its Allow header)."""

from __future__ import annotations

import functools
import re
from urllib.parse import unquote

from api.problems import PROBLEM_CONTENT_TYPE, problem_response

PREFIX = "/api/v1/"
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ApiProblemMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        raw = unquote(request.META.get("QUERY_STRING", "")) + request.path
        if CONTROL.search(raw):
            return problem_response(422, "Parameters must not contain control characters.")
        undeclared = _undeclared_detail(request)
        if undeclared:
            return problem_response(422, undeclared)
        response = self.get_response(request)
        kind = response.get("Content-Type", "")
        if response.status_code >= 400 and "json" not in kind:
            problem = problem_response(response.status_code, _detail(response.status_code))
            if response.has_header("Allow"):
                problem["Allow"] = response["Allow"]
            return problem
        return response


@functools.cache
def _declared_queries() -> list[tuple[re.Pattern, str, frozenset[str]]]:
    """(path, method, query parameter names) for every operation in the OpenAPI document."""
    from api.views import api

    schema = api.get_openapi_schema(path_prefix=PREFIX)
    table = []
    for path, operations in schema["paths"].items():
        pattern = re.compile(re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(path)) + "$")
        for method, operation in operations.items():
            params = operation.get("parameters", [])
            names = frozenset(p["name"] for p in params if p["in"] == "query")
            table.append((pattern, method.upper(), names))
    return table


def _undeclared_detail(request) -> str:
    """Empty when every query parameter is declared (or the path is unknown: 404 or 405)."""
    for pattern, method, names in _declared_queries():
        if method == request.method and pattern.match(request.path):
            unknown = sorted(set(request.GET) - names)
            if not unknown:
                return ""
            takes = ", ".join(sorted(names)) or "none"
            return (
                f"Unknown parameter {', '.join(map(repr, unknown))}; this endpoint takes: {takes}."
            )
    return ""


def _detail(status: int) -> str:
    return {
        404: "There is no such endpoint. See /api/v1/openapi.json.",
        405: "This endpoint does not take that method; the Allow header lists those it takes.",
    }.get(status, "")


__all__ = ["PROBLEM_CONTENT_TYPE", "ApiProblemMiddleware"]
