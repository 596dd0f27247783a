"""The API: the same access rules as the pages, reached through the same helpers."""

import logging

from django.conf import settings
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.pagination import paginate

from accounts.roles import Capability
from accounts.selectors import role_assignments, user_capabilities
from api.attendance import router as attendance_router
from api.auth import ApiTokenAuth, TokenRateThrottle
from api.enrichment import router as enrichment_router
from api.pagination import LoggedPagination
from api.params import Day, Text
from api.peps import router as peps_router
from api.problems import (
    PROBLEM_CONTENT_TYPE,
    PROBLEM_SCHEMA,
    problem_body,
    problem_response,
    validation_errors,
)
from api.reports import router as reports_router
from api.schemas import ChildOut, ChildSummaryOut, MeOut, SchoolOut
from api.school_places import router as school_places_router
from api.schools import router as schools_router
from audit.services import Action, ObjectType, access_log_record
from children import selectors
from children.access import child_capabilities, get_child_for_user
from core.views import log_unlogged_denial
from schools.selectors import children_at_school_visible_to, get_school

logger = logging.getLogger(__name__)


class VirtualSchoolAPI(NinjaAPI):
    """Declares, on every operation, the problem responses it can give (api/problems.py)."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
        for path, operations in schema.get("paths", {}).items():
            for method, operation in operations.items():
                for status in _statuses(path, method, operation):
                    operation.setdefault("responses", {}).setdefault(
                        str(status), _problem_ref(status)
                    )
        return schema


# A parameter that names something (a term in the LA's calendar) can name nothing: 404.
NAMING_PARAMETERS = {"term"}


def _statuses(path: str, method: str, operation: dict) -> list[int]:
    statuses = [401, 403, 422, 429, 500]
    names = {p["name"] for p in operation.get("parameters", [])}
    if "{" in path or names & NAMING_PARAMETERS:
        statuses.append(404)
    if method == "post":
        statuses.append(409)
    if "requestBody" in operation:
        statuses.append(400)  # a body that is not JSON at all
    return statuses


def _problem_ref(status: int) -> dict:
    return {
        "description": problem_body(status)["title"],
        "content": {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


api = VirtualSchoolAPI(
    title="Virtual School API",
    version="1",
    urls_namespace="api",
    auth=ApiTokenAuth(),
    throttle=[TokenRateThrottle(settings.API_RATE_PER_TOKEN)],
    docs_url=None,  # the interactive docs load scripts from a CDN, which our CSP forbids
)
api.add_router("", attendance_router)
api.add_router("", schools_router)
api.add_router("", peps_router)
api.add_router("", reports_router)
api.add_router("", school_places_router)
api.add_router("", enrichment_router)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    response = problem_response(401, "Send a valid token: Authorization: Bearer <token>")
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Http404)
def _not_found(request, exc):
    log_unlogged_denial(request)  # every 404 is a logged denial, as on the pages
    return problem_response(404, "Nothing here that your roles reach.")


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    return problem_response(422, "Some parameters are not valid.", validation_errors(exc.errors))


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return problem_response(exc.status_code, str(exc))


@api.exception_handler(Throttled)
def _throttled(request, exc):
    response = problem_response(429, "Too many requests with this token; try again later.")
    if exc.wait:
        response["Retry-After"] = str(int(exc.wait) + 1)
    return response


@api.exception_handler(Exception)
def _unexpected(request, exc):
    logger.exception("API error on %s", request.path)
    return problem_response(500, "Something went wrong on our side; nothing was changed.")


@api.get("/me", response=MeOut, tags=["accounts"])
def me(request):
    roles = [
        {
            "role": a.role,
            "la_code": a.la.code if a.la else None,
            "school_urn": a.school.urn if a.school else None,
        }
        for a in role_assignments(request.user)
    ]
    return {"email": request.user.email, "full_name": request.user.full_name, "roles": roles}


@api.get("/children", response=list[ChildSummaryOut], tags=["children"])
@paginate(LoggedPagination)
def list_children(request, q: Text = "", on_roll_at: Day | None = None):
    """Children you may see; with on_roll_at, only those on the roll that day."""
    if Capability.VIEW_CHILD not in user_capabilities(request.user):
        raise HttpError(403, "Your roles do not include seeing children's records")
    children = selectors.child_list(user=request.user, query=q[:100])
    if on_roll_at is not None:
        children = children.on_roll(on_roll_at)
    return children  # paginated in the database; only one page is turned into JSON


@api.get("/schools/{urn}", response=SchoolOut, tags=["schools"])
def get_school_api(request, urn: int):
    """A school's register details and the children on its roll that you may see."""
    if Capability.VIEW_CHILD not in user_capabilities(request.user):
        raise HttpError(403, "Your roles do not include seeing children's records")
    school = get_school(urn)
    access_log_record(
        action=Action.VIEW,
        actor=request.user,
        request=request,
        object_type=ObjectType.SCHOOL,
        object_id=school.urn,
        via_api=True,
    )
    children = children_at_school_visible_to(request.user, school)
    return {
        "urn": school.urn,
        "laestab": school.laestab,
        "name": school.name,
        "la_code": school.la_code,
        "type": school.type_of_establishment,
        "phase": school.phase,
        "status": school.status,
        "postcode": school.postcode,
        "head": school.head_name,
        "ofsted_rating": school.ofsted_rating,
        "children": [_summary(c) for c in children],
    }


@api.get("/children/{child_id}", response=ChildOut, tags=["children"])
def get_child(request, child_id: int):
    child = get_child_for_user(request.user, child_id, request=request)
    return _detail(request.user, child)


def _summary(child) -> dict:
    return {
        "id": child.pk,
        "la_code": child.la.code,
        "la_child_id": child.la_child_id,
        "forename": child.forename,
        "surname": child.surname,
        "preferred_name": child.preferred_name,
        "date_of_birth": child.date_of_birth,
    }


def _detail(user, child) -> dict:
    caps = child_capabilities(user, child)
    data = _summary(child) | {
        "upn": child.upn,
        "upn_valid": child.upn_valid,
        "sex": child.sex,
        "ethnicity": child.ethnicity,
        "is_uasc": child.is_uasc,
    }
    if Capability.VIEW_POSTCODES in caps:
        episode = selectors.child_current_episode(child=child)
        data["home_postcode"] = episode.home_postcode if episode else None
        data["placement_postcode"] = episode.placement_postcode if episode else None
    if Capability.VIEW_HEALTH in caps:
        sdq = selectors.child_latest_sdq(child=child)
        data["latest_sdq_score"] = sdq.score if sdq else None
        data["health_notes"] = child.health_notes
    return data
