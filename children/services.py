"""Writes about a child's education placements, by hand (imports have their own path)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.roles import Capability
from authorities.selectors import require_la_capability
from children.access import require_child_capability
from children.models import Child, EducationPlacement
from core.actors import as_user
from core.history import save_validated
from schools.models import School


@transaction.atomic
def education_placement_start(
    *,
    child: Child,
    provision_type: str,
    started_on: datetime.date,
    actor,
    school: School | None = None,
    nc_year: int | None = None,
    attendance_pattern: str = EducationPlacement.AttendancePattern.FULL_TIME,
    hours_per_week: Decimal | None = None,
    is_dual_registered: bool = False,
) -> EducationPlacement:
    """Record a new placement. Unless it is a dual registration, the placement open on the day
    before ends then (a planned move); the school is told about its new starter."""
    require_child_capability(actor, child, Capability.RECORD_PLACEMENTS)
    if not is_dual_registered:
        for current in child.education_placements.filter(ended_on__isnull=True):
            if current.started_on >= started_on:
                raise ValidationError(
                    {"started_on": "The new placement must start after the current one."}
                )
            _end(
                placement=current,
                ended_on=started_on - datetime.timedelta(days=1),
                end_reason=EducationPlacement.EndReason.PLANNED,
                actor=actor,
            )
    placement = EducationPlacement(
        child=child,
        school=school,
        urn=school.urn if school else None,
        provision_type=provision_type,
        started_on=started_on,
        nc_year=nc_year,
        attendance_pattern=attendance_pattern,
        hours_per_week=hours_per_week,
        is_dual_registered=is_dual_registered,
    )
    save_validated(placement, actor=actor)
    if school is not None:
        from notifications.services import school_notify_new_starter

        school_notify_new_starter(placement=placement, actor=actor)
    return placement


@transaction.atomic
def placement_end(
    *, placement: EducationPlacement, ended_on: datetime.date, end_reason: str, actor
) -> EducationPlacement:
    require_child_capability(actor, placement.child, Capability.RECORD_PLACEMENTS)
    return _end(placement=placement, ended_on=ended_on, end_reason=end_reason, actor=actor)


def _end(
    *, placement: EducationPlacement, ended_on: datetime.date, end_reason: str, actor
) -> EducationPlacement:
    if placement.ended_on is not None:
        raise ValidationError("This placement has already ended.")
    placement.ended_on = ended_on
    placement.end_reason = end_reason
    placement.full_clean()
    placement._history_user = as_user(actor)  # type: ignore[attr-defined]
    placement.save(update_fields=["ended_on", "end_reason"])
    return placement


@transaction.atomic
def education_placement_move_to_successor(
    *, placement: EducationPlacement, actor
) -> EducationPlacement:
    """A placement at a school that closed and was replaced (GIAS links: academy conversion,
    amalgamation) follows the child to the successor: the old placement ends the day before the
    successor opened and a placement with the same details starts there (no starter notice: the
    child has not moved). A placement recorded at the old URN after the change is re-pointed.
    Data-quality work: the same rule as the data-quality page (import data in the child's LA)."""
    require_la_capability(actor, placement.child.la, Capability.IMPORT_DATA)
    from schools.selectors import successors

    old = placement.school
    successor = successors([old.urn]).get(old.urn) if old else None
    if old is None or placement.ended_on is not None or successor is None:
        raise ValidationError("This placement is not open at a school with a successor.")
    changed_on = successor.open_date or (old.close_date and old.close_date + ONE_DAY)
    if changed_on is None or changed_on <= placement.started_on:
        placement.school, placement.urn = successor, successor.urn
        save_validated(placement, actor=actor)
        return placement
    _end(placement=placement, ended_on=changed_on - ONE_DAY,
                  end_reason=EducationPlacement.EndReason.SCHOOL_REPLACED, actor=actor)  # fmt: skip
    moved = EducationPlacement(
        child=placement.child, school=successor, urn=successor.urn, started_on=changed_on,
        **{f: getattr(placement, f) for f in CARRIED_OVER},
    )  # fmt: skip
    save_validated(moved, actor=actor)
    return moved


ONE_DAY = datetime.timedelta(days=1)
CARRIED_OVER = (
    "provision_type",
    "nc_year",
    "attendance_pattern",
    "hours_per_week",
    "is_dual_registered",
)
