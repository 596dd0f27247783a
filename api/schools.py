"""Schools in the API: an officer's schools with their figures, one school's work (designated
teacher, visits, open actions, self-evaluation) and the events a person may book. Scoped as the
pages are: the same selectors and rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from accounts.roles import Capability
from accounts.selectors import la_ids_with
from audit.services import Action, ObjectType, access_log_record
from events.selectors import events_visible_to
from schools.figures import officer_rows, school_rows
from schools.selectors import get_school
from schools.views import _la_of

router = Router(tags=["schools"])


class DesignatedTeacherOut(Schema):
    name: str
    started_on: date
    qualified_teacher: bool
    trained_on: date | None
    training_due: date | None
    status: str


class SchoolWorkOut(Schema):
    urn: int
    name: str
    area: str
    children_on_roll: int
    other_las_children: int
    peps_due: int
    peps_overdue: int
    alerts: int
    pp_plus_this_year: Decimal
    designated_teacher: DesignatedTeacherOut | None
    last_visit: date | None
    next_visit_due: date | None
    open_actions: int
    self_evaluation: str
    flags: list[str]


class VisitOut(Schema):
    visited_on: date
    kind: str
    judgement: str


class SchoolDetailOut(SchoolWorkOut):
    visits: list[VisitOut]


class EventOut(Schema):
    id: int
    kind: str
    title: str
    starts_at: str
    ends_at: str
    place: str
    capacity: int
    audience: str
    cpd_hours: Decimal


def _out(row) -> dict:
    dt = row.dt
    return {
        "urn": row.school.urn,
        "name": row.school.name,
        "area": row.area,
        "children_on_roll": row.ours,
        "other_las_children": row.others,
        "peps_due": row.peps_due,
        "peps_overdue": row.peps_overdue,
        "alerts": row.alerts,
        "pp_plus_this_year": row.pp_plus,
        "designated_teacher": None
        if dt is None
        else {
            "name": dt.name,
            "started_on": dt.started_on,
            "qualified_teacher": dt.qualified_teacher,
            "trained_on": dt.trained_on,
            "training_due": row.dt_training_due,
            "status": row.dt_status,
        },
        "last_visit": row.last_visit,
        "next_visit_due": row.next_visit_due,
        "open_actions": row.open_actions,
        "self_evaluation": row.self_evaluation,
        "flags": row.flags,
    }


def _staff_only(request) -> None:
    if not la_ids_with(request.user, Capability.WORK_WITH_SCHOOLS):
        raise HttpError(403, "Your roles do not include working with schools")


@router.get("/my-schools", response=list[SchoolWorkOut])
def my_schools_api(request):
    """The schools in your areas (every school with your LA's children, for those who divide
    schools into areas), with the figures the 'Your schools' page shows."""
    _staff_only(request)
    access_log_record(
        action=Action.VIEW,
        actor=request.user,
        request=request,
        object_type=ObjectType.SCHOOL,
        object_id="my schools",
        via_api=True,
    )
    return [_out(r) for r in officer_rows(request.user, timezone.localdate())]


@router.get("/schools/{urn}/work", response=SchoolDetailOut)
def school_work_api(request, urn: int):
    """One school as your LA's Virtual School sees it, with its last ten visits."""
    _staff_only(request)
    school = get_school(urn)
    la = _la_of(request.user, Capability.WORK_WITH_SCHOOLS)
    access_log_record(
        action=Action.VIEW,
        actor=request.user,
        request=request,
        object_type=ObjectType.SCHOOL,
        object_id=f"{urn} work",
        via_api=True,
    )
    (row,) = school_rows(la, [school], timezone.localdate())
    visits = school.visits.filter(la=la)[:10]
    return _out(row) | {
        "visits": [
            {"visited_on": v.visited_on, "kind": v.kind, "judgement": v.judgement} for v in visits
        ]
    }


@router.get("/events", response=list[EventOut])
def events_api(request):
    """Events you may see and that have not ended, soonest first."""
    found = events_visible_to(request.user).filter(ends_at__gte=timezone.now())
    return [
        {
            "id": e.pk,
            "kind": e.kind,
            "title": e.title,
            "starts_at": e.starts_at.isoformat(),
            "ends_at": e.ends_at.isoformat(),
            "place": e.place or "Online",
            "capacity": e.capacity,
            "audience": e.audience,
            "cpd_hours": e.cpd_hours,
        }
        for e in found
    ]
