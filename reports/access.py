"""Who reaches the dashboard and the reports, and for which LA (no unscoped lookups).

- The dashboard and the internal version of reports: roles that see the whole roll of an LA
  and its aggregate figures (view_child and view_aggregate there).
- The board version of reports: anyone with view_aggregate in the LA, including corporate
  parenting board members, who see nothing else."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from accounts.roles import Capability
from accounts.selectors import la_ids_with, la_ids_with_whole_roll
from authorities.models import LocalAuthority
from reports.models import ReportRun


def dashboard_la_ids(user) -> set[int]:
    return la_ids_with(user, Capability.VIEW_AGGREGATE) & la_ids_with_whole_roll(user)


def report_la_ids(user) -> set[int]:
    return la_ids_with(user, Capability.VIEW_AGGREGATE)


def get_dashboard_la(user, code: str | None) -> LocalAuthority:
    """The LA named by `code`, or the user's first; 403 with none, 404 for one out of reach."""
    ids = dashboard_la_ids(user)
    if not ids:
        raise PermissionDenied
    las = LocalAuthority.objects.filter(pk__in=ids).order_by("code")
    la = las.filter(code=code).first() if code else las.first()
    if la is None:
        raise Http404("No such local authority")
    return la


def reports_visible_to(user) -> QuerySet[ReportRun]:
    return ReportRun.objects.filter(la__in=report_la_ids(user))


def get_report_for_user(user, pk) -> ReportRun:
    run = reports_visible_to(user).select_related("la").filter(pk=pk).first()
    if run is None:
        raise Http404("No such report")
    return run


def sees_internal(user, run: ReportRun) -> bool:
    """The Virtual School's (unsuppressed) version: for the dashboard's roles in the run's LA."""
    return run.la_id in dashboard_la_ids(user)


def sees_health(user, la) -> bool:
    return la.pk in la_ids_with(user, Capability.VIEW_HEALTH)
