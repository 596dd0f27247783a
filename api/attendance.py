"""Attendance in the API: a child's measures, and the cohort's grouped, with the pages' rules."""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from accounts.roles import Capability
from accounts.selectors import user_capabilities
from api.params import Day
from attendance.cohort import cohort_attendance, group_lines
from attendance.measures import Tally, child_measures, rate_text
from audit.services import Action, ObjectType, access_log_record
from authorities.terms import academic_year_start
from children.access import get_child_for_user
from children.models import Child
from children.roll.rules import key_stage

router = Router(tags=["attendance"])
# `from` is a Python keyword, so the parameters take other names with the public aliases.
FROM = Query(None, alias="from", description="First day, YYYY-MM-DD")
TO = Query(None, alias="to", description="Last day, YYYY-MM-DD (default today); on or after `from`")


class MeasuresOut(Schema):
    possible_sessions: int
    present: int
    approved_activity: int
    authorised_absence: int
    unauthorised_absence: int
    not_possible: int
    no_mark: int
    attendance_rate: float | None = Field(
        description="Present (and approved activity) over possible sessions, a fraction to 4 "
        "places; null when there were no possible sessions"
    )
    absence_rate: float | None = Field(
        description="Absent over possible sessions, a fraction to 4 places; null when none"
    )
    persistent_absence: bool
    severe_absence: bool


class ChildAttendanceOut(MeasuresOut):
    child_id: int
    from_date: date
    to_date: date
    codes: dict[str, int]


class GroupOut(MeasuresOut):
    group: str
    children: int
    persistent_absence_children: int
    severe_absence_children: int


class SummaryOut(Schema):
    from_date: date
    to_date: date
    group_by: str
    total: GroupOut
    groups: list[GroupOut]


def _number(rate) -> float | None:
    """A rate as a JSON number (the same rounding as every export), null without sessions."""
    text = rate_text(rate)
    return float(text) if text else None


def _measures(tally: Tally, la=None) -> dict:
    persistent = la.persistent_absence_percent if la else 10
    severe = la.severe_absence_percent if la else 50
    return {
        "possible_sessions": tally.possible,
        "present": tally.present,
        "approved_activity": tally.approved,
        "authorised_absence": tally.authorised,
        "unauthorised_absence": tally.unauthorised,
        "not_possible": tally.not_possible,
        "no_mark": tally.no_mark,
        "attendance_rate": _number(tally.attendance_rate),
        "absence_rate": _number(tally.absence_rate),
        "persistent_absence": tally.persistent(persistent),
        "severe_absence": tally.severe(severe),
    }


def _period(start: date | None, end: date | None, la) -> tuple[date, date]:
    end = end or timezone.localdate()
    start = start or academic_year_start(la, end)
    if end < start:
        raise HttpError(422, "'to' must be on or after 'from'")
    return start, end


@router.get("/children/{child_id}/attendance", response=ChildAttendanceOut)
def child_attendance(
    request,
    child_id: int,
    start: Day | None = FROM,
    end: Day | None = TO,
):
    """Measures for one child (default: the school year to date), with sessions per code."""
    child = get_child_for_user(request.user, child_id, request=request, what=ObjectType.ATTENDANCE)
    start, end = _period(start, end, child.la)
    tally = child_measures(child, start, end)
    return {
        "child_id": child.pk,
        "from_date": start,
        "to_date": end,
        "codes": dict(sorted(tally.codes.items())),
        **_measures(tally, child.la),
    }


GROUP_KEYS = {
    "key_stage": lambda e: key_stage(e.nc_year) or "none",
    "nc_year": lambda e: e.nc_year,
    "school": lambda e: e.placement.school.urn if e.placement and e.placement.school else "none",
    "in_la": lambda e: {True: "true", False: "false"}.get(e.in_la, "none"),
}


@router.get("/attendance/summary", response=SummaryOut)
def attendance_summary(
    request,
    start: Day | None = FROM,
    end: Day | None = TO,
    group_by: Literal["key_stage", "nc_year", "school", "in_la"] = "key_stage",
):
    """The cohort you may see, on the roll at `to`, grouped; counts of children with
    persistent and severe absence per group."""
    caps = user_capabilities(request.user)
    if not {Capability.VIEW_AGGREGATE, Capability.VIEW_CHILD} <= caps:
        raise HttpError(403, "Your roles do not include cohort attendance")
    start, end = _period(start, end, None)
    access_log_record(
        action=Action.VIEW,
        actor=request.user,
        request=request,
        object_type=ObjectType.ATTENDANCE,
        object_id=f"summary {start} {end}",
        via_api=True,
    )
    result = cohort_attendance(Child.objects.visible_to(request.user), start, end)
    groups = group_lines(result.lines, GROUP_KEYS[group_by])
    return {
        "from_date": start,
        "to_date": end,
        "group_by": group_by,
        "total": _group(result.total),
        "groups": [_group(g) for g in groups],
    }


def _group(group) -> dict:
    return {
        "group": group.label,
        "children": group.children,
        "persistent_absence_children": group.persistent,
        "severe_absence_children": group.severe,
        **_measures(group.tally),
    }
