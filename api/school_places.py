"""School place casework in the API: cases (read), their applications (read and record) and
the AP, bespoke package and part-time timetable register (read and record). Scoped as the
pages are (school_places.selectors): an officer sees their LAs' cases, a social worker their
own children's; another LA's case is a 404."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from api.pagination import LoggedPagination
from api.params import Day, Text
from audit.services import Action, ObjectType, access_log_record
from children.access import get_child_for_user
from school_places import services
from school_places.models import Application, Package
from school_places.rules import package_flags, school_days_open
from school_places.selectors import (
    cases_visible_to,
    get_case_for_user,
    get_package_for_user,
    officer_la_ids,
    open_cases_query,
    packages_for,
)
from schools.models import School

router = Router(tags=["school places"])


class ApplicationOut(Schema):
    id: int
    urn: int
    school: str
    sent_on: date
    round: str
    admission_authority: str
    decision_due: date | None
    decision: str
    decided_on: date | None
    reason: str


class CaseOut(Schema):
    id: int
    child_id: int
    la_child_id: str
    step: str
    source: str
    opened_on: date
    closed_on: date | None
    outcome: str
    next_decision_due: date | None

    @staticmethod
    def resolve_la_child_id(case) -> str:
        return case.child.la_child_id

    @staticmethod
    def resolve_next_decision_due(case) -> date | None:
        return getattr(case, "next_due", None)


class CaseDetailOut(CaseOut):
    school_days_open: int
    applications: list[ApplicationOut]

    @staticmethod
    def resolve_school_days_open(case) -> int:
        return school_days_open(case.la, case.opened_on, case.closed_on or timezone.localdate())

    @staticmethod
    def resolve_applications(case) -> list[dict]:
        return [_application(a) for a in case.applications.select_related("school")]


class ApplicationIn(Schema):
    urn: int
    sent_on: Day
    round: Application.Round = Application.Round.IN_YEAR
    choice_reason: Text = ""


class PackageOut(Schema):
    id: int
    child_id: int
    kind: str
    provider: str
    provider_name: str
    provider_urn: int | None
    hours_a_week: Decimal
    payer: str
    cost_a_week: Decimal | None
    starts_on: date
    planned_end_on: date | None
    review_on: date
    ended_on: date | None
    flags: list[str]

    @staticmethod
    def resolve_flags(package) -> list[str]:
        return package_flags(package, package.la, timezone.localdate())


class PackageIn(Schema):
    child_id: int
    kind: Package.Kind
    provider: Package.Provider
    provider_name: Text
    provider_urn: int | None = None
    checks: Text = ""
    hours_a_week: Decimal
    subjects: Text = ""
    qualifications: Text = ""
    cost_a_week: Decimal | None = None
    payer: Package.Payer
    starts_on: Day
    planned_end_on: Day | None = None
    review_on: Day | None = None
    return_plan: Text = ""


def _application(a) -> dict:
    return {
        "id": a.pk,
        "urn": a.school.urn,
        "school": a.school.name,
        "sent_on": a.sent_on,
        "round": a.round,
        "admission_authority": a.admission_authority,
        "decision_due": a.decision_due,
        "decision": a.decision,
        "decided_on": a.decided_on,
        "reason": a.reason,
    }


@router.get("/school-places/cases", response=list[CaseOut])
@paginate(LoggedPagination)
def list_cases(request):
    """Open school place cases you may see, oldest first."""
    if not officer_la_ids(request.user) and not cases_visible_to(request.user).exists():
        raise HttpError(403, "Your roles do not include school place cases")
    return open_cases_query(cases_visible_to(request.user))


@router.get("/school-places/cases/{case_id}", response=CaseDetailOut)
def get_case(request, case_id: int):
    case = get_case_for_user(request.user, case_id)
    _log(request, case.child_id, f"school place case {case.pk}")
    return case


@router.post("/school-places/cases/{case_id}/applications", response={201: ApplicationOut})
def add_application(request, case_id: int, body: ApplicationIn):
    """Record an application to a school (its admission authority and, in-year, its decision
    date are worked out). 403 for anyone but the LA's placement officers."""
    case = get_case_for_user(request.user, case_id)
    school = School.objects.filter(urn=body.urn).first()
    if school is None:
        raise HttpError(422, f"No school with URN {body.urn} in the register")
    made = _call(
        lambda: services.application_add(
            case=case,
            school=school,
            sent_on=body.sent_on,
            round=body.round,
            choice_reason=body.choice_reason,
            actor=request.user,
        )
    )
    return 201, _application(made)


@router.get("/school-places/packages", response=list[PackageOut])
@paginate(LoggedPagination)
def list_packages(request):
    """The packages in place now in the LAs you place children for, next review first."""
    if not officer_la_ids(request.user):
        raise HttpError(403, "Your roles do not include the school places register")
    return packages_for(request.user).filter(ended_on__isnull=True).order_by("review_on", "pk")


@router.get("/school-places/packages/{package_id}", response=PackageOut)
def get_package(request, package_id: int):
    package = get_package_for_user(request.user, package_id)
    _log(request, package.child_id, f"education package {package.pk}")
    return package


@router.post("/school-places/packages", response={201: PackageOut})
def add_package(request, body: PackageIn):
    try:
        child = get_child_for_user(request.user, body.child_id, request=request)
    except Http404:  # the same answer for a child who does not exist and one out of reach
        raise HttpError(422, "No child with that id among the children you may see") from None
    data = body.dict(exclude={"child_id"})
    made = _call(lambda: services.package_add(child=child, data=data, actor=request.user))
    return 201, made


def _call(action):
    try:
        return action()
    except PermissionDenied:
        raise HttpError(403, "Only the LA's school placement officers record this") from None
    except ValidationError as exc:
        raise HttpError(422, "; ".join(exc.messages)) from None


def _log(request, child_id: int, what: str) -> None:
    access_log_record(
        action=Action.VIEW,
        actor=request.user,
        request=request,
        object_type=ObjectType.CHILD,
        object_id=what,
        children=[child_id],
        via_api=True,
    )
