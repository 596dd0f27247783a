"""The API: the same access rules as the pages, reached through the same helpers."""

from datetime import date

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.pagination import LimitOffsetPagination, paginate

from accounts.roles import Capability
from accounts.selectors import role_assignments, user_capabilities
from api.attendance import router as attendance_router
from api.auth import ApiTokenAuth
from api.peps import router as peps_router
from api.reports import router as reports_router
from api.schemas import ChildOut, ChildSummaryOut, MeOut, SchoolOut
from audit.services import Action, ObjectType, access_log_record
from children import selectors
from children.access import child_capabilities, get_child_for_user
from schools.selectors import children_at_school_visible_to, get_school

api = NinjaAPI(
    title="Virtual School API",
    version="1",
    urls_namespace="api",
    auth=ApiTokenAuth(),
    docs_url=None,  # the interactive docs load scripts from a CDN, which our CSP forbids
)
api.add_router("", attendance_router)
api.add_router("", peps_router)
api.add_router("", reports_router)


def _problem(request, status: int, title: str, detail: str = ""):
    return api.create_response(
        request,
        {"type": "about:blank", "title": title, "status": status, "detail": detail},
        status=status,
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    response = _problem(request, 401, "Unauthorised", "Send a valid token: Authorization: Bearer")
    response["Content-Type"] = "application/problem+json"
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Http404)
def _not_found(request, exc):
    response = _problem(request, 404, "Not found")
    response["Content-Type"] = "application/problem+json"
    return response


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    response = _problem(request, 422, "Invalid request", str(exc.errors)[:1000])
    response["Content-Type"] = "application/problem+json"
    return response


@api.exception_handler(HttpError)
def _http_error(request, exc):
    response = _problem(request, exc.status_code, str(exc))
    response["Content-Type"] = "application/problem+json"
    return response


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
@paginate(LimitOffsetPagination)
def list_children(request, q: str = "", on_roll_at: date | None = None):
    """Children you may see; with on_roll_at, only those on the roll that day."""
    if Capability.VIEW_CHILD not in user_capabilities(request.user):
        raise HttpError(403, "Your roles do not include seeing children's records")
    access_log_record(
        action=Action.VIEW,
        actor=request.user,
        request=request,
        object_type=ObjectType.CHILD_LIST,
        object_id="api",
        via_api=True,
    )
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
    access_log_record(
        action=Action.VIEW,
        actor=request.user,
        request=request,
        object_type=ObjectType.CHILD,
        object_id=child.pk,
        via_api=True,
    )
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
