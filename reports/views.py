"""The dashboard, the children behind a figure, and reports (generate, follow, download)."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import require_capability
from accounts.roles import Capability
from accounts.selectors import la_ids_with
from audit.services import Action, ObjectType, access_log_record
from authorities.models import LocalAuthority
from children.access import visible_of
from children.models import Child
from children.roll.groups import Filters
from core.exports import FORMATS, download
from core.forms import add_validation_errors
from reports.access import (
    dashboard_la_ids,
    get_dashboard_la,
    get_report_for_user,
    reports_visible_to,
    sees_health,
    sees_internal,
)
from reports.content import benchmarks_for
from reports.dashboard import dashboard_figure, dashboard_kept
from reports.forms import DashboardForm, ReportForm
from reports.periods import period_from_key, periods_for
from reports.services import benchmark_save, report_run_create, report_runs_sweep

FILES = {
    "board_pdf": ("application/pdf", "pdf", False),
    "board_xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
        False,
    ),
    "internal_pdf": ("application/pdf", "pdf", True),
    "internal_xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
        True,
    ),
}


def _log(request, action: str, what: str, children=None) -> None:
    access_log_record(
        action=action,
        actor=request.user,
        request=request,
        object_type=ObjectType.REPORT,
        object_id=what,
        children=children,
    )


def _dashboard_for(request, today: datetime.date | None = None):
    today = today or timezone.localdate()
    la, form, chosen = _dashboard_asked(request, today)
    return la, form, dashboard_kept(la, *chosen, today) if chosen else None


def _dashboard_asked(request, today: datetime.date):
    """(LA, form, (period, filters)) that the request asks for; None for an invalid form."""
    la = get_dashboard_la(request.user, request.GET.get("la"))
    periods = periods_for(la, today)
    form = DashboardForm(request.GET or None, periods=periods)
    if form.is_bound and not form.is_valid():
        return la, form, None
    data = form.cleaned_data if form.is_bound else {}
    period = period_from_key(la, data.get("period"), today)
    if period is None:
        raise Http404("No such period")
    filters = Filters(data.get("ks", ""), data.get("location", ""))
    if not form.is_bound:
        form = DashboardForm(initial={"period": period.key}, periods=periods)
    return la, form, (period, filters)


@require_GET
@require_capability(Capability.VIEW_AGGREGATE)
def dashboard(request):
    la, form, board = _dashboard_for(request)
    fmt = request.GET.get("format")
    if board is not None and fmt in FORMATS:
        _log(request, Action.EXPORT, f"dashboard {la.code} {board.period.key} {fmt}")
        rows = [
            (s.title, f.key, f.label, f.count, f.of, f.percent, f.value)
            for s in board.sections
            for f in s.all_figures()
        ]
        header = ("section", "key", "measure", "number", "of", "percent", "value")
        stem = f"dashboard-{la.code}-{board.period.key}"
        return download(fmt, header, rows, title="Dashboard", stem=stem)
    _log(request, Action.VIEW, f"dashboard {la.code}")
    context = {
        "la": la,
        "form": form,
        "board": board,
        "links": True,
        "threshold": None,
        "sections": board.sections if board else [],
        "can_health": sees_health(request.user, la),
        "query": _query(la, board),
    }
    return render(request, "reports/dashboard.html", context)


PAGE_SIZE = 50  # the children behind a figure, a page at a time


def _query(la, board) -> str:
    return "" if board is None else _query_of(la, board.period, board.filters)


def _query_of(la, period, filters: Filters) -> str:
    return urlencode(
        {"la": la.code, "period": period.key, "ks": filters.key_stage, "location": filters.location}
    )


@require_GET
@require_capability(Capability.VIEW_AGGREGATE)
def figure_children(request):
    """The children behind one figure, a page at a time. Only the figure's own section is
    read (reports.dashboard.dashboard_figure), not the whole dashboard."""
    # One day for the figure and its children: read across midnight, a second localdate()
    # would list the next day's children of the figure the page showed.
    today = timezone.localdate()
    la, _, chosen = _dashboard_asked(request, today)
    if chosen is None:
        raise Http404("No such period")
    period, filters = chosen
    figure = dashboard_figure(la, period, filters, today, request.GET.get("figure", ""))
    if figure is None or not figure.listable:
        raise Http404("No such figure")
    if figure.sensitive and not sees_health(request.user, la):
        raise PermissionDenied
    # Paged: a figure of the whole roll named 25,000 children on one page (5.5 MB, 4.9 s). Its
    # children come in the list's order (dashboard_figure): a page is a slice of those the
    # user may see.
    listed = visible_of(request.user, la.pk, figure.children)
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    found = Child.objects.visible_to(request.user).in_bulk(page.object_list)
    shown = [found[pk] for pk in page.object_list if pk in found]
    _log(request, Action.VIEW, f"figure {figure.key} {period.key}", children=[c.pk for c in shown])
    query = _query_of(la, period, filters)
    context = {
        "la": la,
        "period": period,
        "filters": filters,
        "figure": figure,
        "page": page,
        "shown": shown,
        "query": query,
        "query_string": f"{query}&{urlencode({'figure': figure.key})}",
    }
    return render(request, "reports/figure_children.html", context)


@require_http_methods(["GET", "POST"])
@require_capability(Capability.VIEW_AGGREGATE)
def report_list(request):
    report_runs_sweep()  # a run whose worker died shows as queued again or failed
    runs = reports_visible_to(request.user).select_related("la", "created_by")[:50]
    internal = dashboard_la_ids(request.user)
    la = LocalAuthority.objects.filter(pk__in=internal).order_by("code").first()
    form = None
    if la is not None:
        form = ReportForm(request.POST or None, periods=periods_for(la, timezone.localdate()))
        if request.method == "POST" and form.is_valid():
            try:
                run = report_run_create(la=la, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, "The report is being generated.")
                return redirect("reports:detail", pk=run.pk)
    elif request.method == "POST":
        raise PermissionDenied
    context = {"runs": runs, "form": form}
    return render(request, "reports/list.html", context)


@require_GET
@require_capability(Capability.VIEW_AGGREGATE)
def report_detail(request, pk):
    report_runs_sweep()
    run = get_report_for_user(request.user, pk)
    context = {"run": run, "internal": sees_internal(request.user, run),
               "page_errors": run.status == "failed"}  # fmt: skip
    return render(request, "reports/detail.html", context)


@require_GET
@require_capability(Capability.VIEW_AGGREGATE)
def report_file(request, pk, name):
    run = get_report_for_user(request.user, pk)
    if name not in FILES:
        raise Http404("No such file")
    content_type, ext, internal = FILES[name]
    if internal and not sees_internal(request.user, run):
        raise PermissionDenied
    data = getattr(run, name)
    if not data:
        raise Http404("Not generated yet")
    _log(request, Action.EXPORT, f"report {run.pk} {name}")
    response = HttpResponse(bytes(data), content_type=content_type)
    filename = f"{run.kind}-report-{run.la.code}-{run.period}-{name.split('_')[0]}.{ext}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
@require_capability(Capability.MANAGE_LA_SETTINGS)
def benchmarks(request):
    las = la_ids_with(request.user, Capability.MANAGE_LA_SETTINGS)
    la = LocalAuthority.objects.filter(pk__in=las).order_by("code").first()
    if la is None:
        raise PermissionDenied
    rows = benchmarks_for(la)
    errors = {}
    if request.method == "POST":
        errors = _save_benchmarks(request, la, rows)
        if not errors:
            messages.success(request, "Benchmarks saved.")
            return redirect("reports:benchmarks")
    context = {"la": la, "rows": rows.values(), "errors": errors, "posted": request.POST,
               "page_errors": bool(errors)}  # fmt: skip
    return render(request, "reports/benchmarks.html", context)


def _save_benchmarks(request, la, rows) -> dict[str, str]:
    """All or nothing: every changed row is checked before any is saved."""
    errors: dict[str, str] = {}
    changed = []
    for measure, row in rows.items():
        value = request.POST.get(f"{measure}-value", "").strip()
        year = request.POST.get(f"{measure}-year", "").strip()
        if value == str(row.value) and year == str(row.source_year):
            continue
        try:
            number, when = Decimal(value), int(year)
        except (InvalidOperation, ValueError):
            errors[measure] = f"{row.label}: enter a number and a four-digit year"
            continue
        if not number.is_finite() or number < 0 or not 2000 <= when <= 2100:
            errors[measure] = f"{row.label}: enter a positive number and a year from 2000"
            continue
        changed.append((measure, number, when))
    if not errors:
        with transaction.atomic():
            for measure, number, when in changed:
                benchmark_save(
                    la=la, measure=measure, value=number, source_year=when, actor=request.user
                )
    return errors
