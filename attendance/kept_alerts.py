"""Attendance and exclusion alerts kept, not recomputed (core.kept has the rule for keeping
them true): the home pages read `KeptAlert` rows with one query, paged and counted in the
database, instead of working out every child's alerts from their recent marks per request.
Actioned alerts are left out when read (an action never touches the kept rows)."""

from __future__ import annotations

import datetime

from django.db.models import Case, Exists, IntegerField, OuterRef, Value, When

from attendance.alerts import LABELS, AttendanceAlert, compute_alerts
from attendance.models import AlertAction, KeptAlert
from core.kept import Keeper, Kept, kept_current, kept_scope
from imports.upsert import insert_rows

WHAT = "attendance_alerts"
_KIND_ORDER = Case(
    *(When(kind=kind, then=Value(i)) for i, kind in enumerate(LABELS)),
    output_field=IntegerField(),
)


def attendance_alerts(children, today: datetime.date, kinds=None) -> list[AttendanceAlert]:
    """Open alerts (no action recorded) for these children (a Child queryset), most urgent kinds
    first, from the kept rows."""
    return list(open_alerts(children, today, kinds))


def open_alerts(children, today: datetime.date, kinds=None, *, whole=(), only=None):
    """The kept open alerts as a lazy sequence (slice it to page in the database). `whole`:
    LAs whose every child is in `children` (core.kept.kept_scope); `only`: a further condition
    on the kept rows."""
    scope, la_ids = kept_scope(children, whole)
    kept_current(WHAT, la_ids, today)
    rows = KeptAlert.objects.filter(scope)
    if only is not None:
        rows = rows.filter(only)
    if kinds is not None:
        rows = rows.filter(kind__in=list(kinds))
    actioned = AlertAction.objects.filter(
        child_id=OuterRef("child_id"), kind=OuterRef("kind"), since=OuterRef("since")
    )
    rows = rows.exclude(Exists(actioned)).select_related("child")
    rows = rows.order_by(_KIND_ORDER, "since", "child__la_child_id", "pk")
    return Kept(rows, _alert)


def _alert(row: KeptAlert) -> AttendanceAlert:
    return AttendanceAlert(row.child, row.kind, row.since, row.detail)


def _store(children, day: datetime.date) -> int:
    rows = [_row(a) for a in compute_alerts(children, day)]
    return len(insert_rows(KeptAlert, rows))  # COPY on PostgreSQL: no model per row


def _row(a: AttendanceAlert) -> dict:
    return {"la_id": a.child.la_id, "child_id": a.child.pk, "kind": a.kind, "since": a.since,
            "detail": a.detail}  # fmt: skip


def _clear(children) -> None:
    KeptAlert.objects.filter(child__in=children.values("pk")).delete()


def keeper() -> Keeper:
    from attendance.models import Exclusion, SessionMark
    from authorities.models import ClosureDay, LocalAuthority, Term
    from children.models import EducationPlacement

    # The alerts read the recent marks (their bulk writer rebuilds only the kinds that do).
    return Keeper(WHAT, _store, _clear, KeptAlert,
                  child_models=(SessionMark, Exclusion, EducationPlacement),
                  la_models=(Term, ClosureDay, LocalAuthority))  # fmt: skip


def alerts_for(user, today: datetime.date, kinds=None):
    """The open alerts a person follows (their home page and the full list): the whole LA for
    the Virtual School Head and team managers, an advisor's caseload, and a social worker's own
    children (for them, exclusions and possible missing education only)."""
    from django.db.models import Q

    from accounts.roles import Role
    from accounts.selectors import role_assignments
    from attendance.alerts import SOCIAL_WORKER_KINDS
    from children.models import Child

    whole = {a.la_id for a in role_assignments(user)
             if a.role in {Role.VIRTUAL_SCHOOL_HEAD, Role.TEAM_MANAGER}}  # fmt: skip
    visible = Child.objects.visible_to(user)
    watched = visible.filter(Q(la_id__in=whole) | Q(education_support_advisor=user))
    if Role.SOCIAL_WORKER not in {a.role for a in role_assignments(user)}:
        return open_alerts(watched, today, kinds, whole=whole)
    mine = visible.filter(relationships__user=user, relationships__kind="social_worker")
    own = Q(child__in=mine.values("pk"), kind__in=list(SOCIAL_WORKER_KINDS))
    children = visible.filter(Q(pk__in=watched.values("pk")) | Q(pk__in=mine.values("pk")))
    return open_alerts(children, today, kinds,
                       only=Q(child__in=watched.values("pk")) | own)  # fmt: skip
