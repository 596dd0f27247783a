"""Attendance and exclusion alerts kept, not recomputed: the home pages read `KeptAlert` rows
with one query, paged and filtered in the database, instead of working out every child's alerts
from their recent marks on each request.

When the rows change:
- a change to some children (marks written, an exclusion, a placement) rebuilds those
  children's rows in the change's own transaction (`alerts_refresh_children`);
- a change that reaches the whole LA (a return, the calendar, the LA's thresholds) forgets the
  LA's day (`alerts_forget`), and so does a new day: the first reader rebuilds the LA in full, so
  no page shows alerts older than the last committed change or computed for another day.
  `refresh_kept_state` (run daily after midnight) does that work before anyone asks.
A rebuild from the facts equals the kept rows after every kind of change (tests beside this)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Case, Exists, IntegerField, OuterRef, Value, When

from attendance.alerts import LABELS, AttendanceAlert, compute_alerts
from attendance.models import AlertAction, KeptAlert, KeptAlertDay
from children.models import Child

_KIND_ORDER = Case(
    *(When(kind=kind, then=Value(i)) for i, kind in enumerate(LABELS)),
    output_field=IntegerField(),
)


def attendance_alerts(children, today: datetime.date, kinds=None) -> list[AttendanceAlert]:
    """Open alerts (no action recorded) for these children (a Child queryset), most urgent kinds
    first, from the kept rows."""
    return list(open_alerts(children, today, kinds))


def open_alerts(children, today: datetime.date, kinds=None):
    """The kept open alerts as a lazy sequence (slice it to page in the database)."""
    alerts_current(children.values_list("la_id", flat=True).distinct(), today)
    rows = KeptAlert.objects.filter(child__in=children.values("pk"))
    if kinds is not None:
        rows = rows.filter(kind__in=list(kinds))
    actioned = AlertAction.objects.filter(
        child_id=OuterRef("child_id"), kind=OuterRef("kind"), since=OuterRef("since")
    )
    rows = rows.exclude(Exists(actioned)).select_related("child")
    rows = rows.order_by(_KIND_ORDER, "since", "child__la_child_id", "pk")
    return _Alerts(rows)


class _Alerts:
    """KeptAlert rows read as AttendanceAlert, sliced and counted in the database."""

    def __init__(self, rows):
        self.rows = rows

    def __len__(self) -> int:
        return self.rows.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [_alert(r) for r in self.rows[index]]
        return _alert(self.rows[index])

    def __iter__(self):
        return (_alert(r) for r in self.rows)


def _alert(row: KeptAlert) -> AttendanceAlert:
    return AttendanceAlert(row.child, row.kind, row.since, row.detail)


def alerts_current(la_ids: Iterable[int], today: datetime.date) -> None:
    """Rebuild, in full, each LA whose kept alerts were not computed for today."""
    la_ids = set(la_ids)
    fresh = set(
        KeptAlertDay.objects.filter(la_id__in=la_ids, computed_for=today).values_list(
            "la_id", flat=True
        )
    )
    for la_id in la_ids - fresh:
        alerts_rebuild_la(la_id, today)


@transaction.atomic
def alerts_rebuild_la(la_id: int, today: datetime.date) -> int:
    # Lock the LA's day row so two readers of a new day do not rebuild it twice at once.
    day, _ = KeptAlertDay.objects.select_for_update().get_or_create(la_id=la_id)
    if day.computed_for == today:
        return 0
    KeptAlert.objects.filter(la_id=la_id).delete()
    made = _store(compute_alerts(Child.objects.filter(la_id=la_id), today))
    day.computed_for = today
    day.save(update_fields=["computed_for"])
    return made


@transaction.atomic
def alerts_refresh_children(child_ids: Iterable[int]) -> None:
    """These children's facts changed: rebuild their rows, for the day their LA is kept for (an
    LA not kept for any day is rebuilt in full by its next reader anyway)."""
    children = Child.objects.filter(pk__in=list(child_ids))
    days = KeptAlertDay.objects.filter(computed_for__isnull=False, la__in=children.values("la_id"))
    for la_id, day in days.values_list("la_id", "computed_for"):
        assert day is not None  # filtered above; for the type checker
        theirs = children.filter(la_id=la_id)
        KeptAlert.objects.filter(child__in=theirs.values("pk")).delete()
        _store(compute_alerts(theirs, day))


def alerts_forget(la) -> None:
    """A change that reaches the whole LA: its next reader rebuilds it."""
    KeptAlertDay.objects.filter(la=la).update(computed_for=None)


def alerts_rebuild(today: datetime.date) -> int:
    """Every LA, from the facts (the daily job, and the command `refresh_kept_state`)."""
    from authorities.models import LocalAuthority

    KeptAlertDay.objects.update(computed_for=None)
    return sum(alerts_rebuild_la(la_id, today) for la_id in LocalAuthority.objects.values_list(
        "pk", flat=True))  # fmt: skip


def _store(alerts: list[AttendanceAlert]) -> int:
    rows = [
        KeptAlert(la_id=a.child.la_id, child=a.child, kind=a.kind, since=a.since, detail=a.detail)
        for a in alerts
    ]
    KeptAlert.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
