"""Every response under /api/v1/ is JSON. Before the view: a control character in the query
string or path is a 422 problem (PostgreSQL cannot store a NUL; nothing legitimate sends one).
After it: an error that is not JSON already (an unknown path, a wrong method) becomes a
problem with the same status (and its Allow header)."""

from __future__ import annotations

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
        response = self.get_response(request)
        kind = response.get("Content-Type", "")
        if response.status_code >= 400 and "json" not in kind:
            problem = problem_response(response.status_code, _detail(response.status_code))
            if response.has_header("Allow"):
                problem["Allow"] = response["Allow"]
            return problem
        return response


def _detail(status: int) -> str:
    return {
        404: "There is no such endpoint. See /api/v1/openapi.json.",
        405: "This endpoint does not take that method; the Allow header lists those it takes.",
    }.get(status, "")


__all__ = ["PROBLEM_CONTENT_TYPE", "ApiProblemMiddleware"]
