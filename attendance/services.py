"""Writes about attendance by hand: exclusions and actions on alerts. Marks are written in bulk
by attendance.writer (imports and the generator)."""

from __future__ import annotations

import datetime

from django.db import transaction

from accounts.roles import Capability
from attendance.alerts import ATTENDANCE_ALERT_ROLES, LABELS
from attendance.models import AlertAction, Exclusion
from children.access import require_child_capability, require_child_role
from core.actors import as_user
from core.history import save_validated


@transaction.atomic
def exclusion_record(
    *,
    child,
    kind: str,
    starts_on: datetime.date,
    reasons: list[str],
    actor,
    sessions: int | None = None,
    school=None,
    provision_from: datetime.date | None = None,
    notes: str = "",
) -> Exclusion:
    """Record an exclusion; it shows as an alert to the child's social worker and the VSH."""
    require_child_capability(actor, child, Capability.RECORD_EXCLUSIONS)
    exclusion = Exclusion(
        child=child,
        kind=kind,
        starts_on=starts_on,
        sessions=sessions,
        reasons=reasons,
        school=school,
        provision_from=provision_from,
        notes=notes,
        recorded_by=as_user(actor),
    )
    save_validated(exclusion, actor=actor)  # the kept alerts follow by signal (attendance.apps)
    return exclusion


@transaction.atomic
def alert_action_record(
    *, child, kind: str, since: datetime.date, action: str, actor
) -> AlertAction:
    """Record what was done about an alert; the alert then leaves the home pages."""
    require_child_role(actor, child, ATTENDANCE_ALERT_ROLES)
    if kind not in LABELS:
        raise ValueError(f"Unknown alert kind {kind}")
    record = AlertAction(
        child=child, kind=kind, since=since, action=action.strip(), actor=as_user(actor)
    )
    save_validated(record, actor=actor)
    return record
