from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import require_capability
from accounts.roles import Capability
from accounts.selectors import user_capabilities, user_roles
from attendance.alerts import ATTENDANCE_ALERT_ROLES, LABELS
from attendance.child_page import child_attendance
from attendance.cohort import (
    EXPORT_COLUMNS,
    cohort_attendance,
    cohort_default_start,
    cohort_kept,
    cohort_summary,
    export_rows,
    lines_for,
)
from attendance.forms import AlertActionForm, ExclusionForm, PeriodForm
from attendance.kept_lines import lines_summary
from attendance.services import alert_action_record, exclusion_record
from audit.services import Action, ObjectType, access_log_record
from authorities.models import LocalAuthority
from authorities.terms import term_on
from children.access import (
    child_capabilities,
    get_child_for_user,
    get_child_with,
    require_child_role,
)
from children.models import Child
from children.selectors import whole_la_of
from core.exports import FORMATS, download
from core.forms import add_validation_errors


@require_GET
def child_attendance_view(request, pk):
    child = get_child_for_user(request.user, pk, request=request, what=ObjectType.ATTENDANCE)
    context = child_attendance(child, timezone.localdate())
    context["child"] = child
    context["can_record"] = Capability.RECORD_EXCLUSIONS in child_capabilities(request.user, child)
    return render(request, "attendance/child.html", context)


@require_http_methods(["GET", "POST"])
def exclusion_new(request, pk):
    child = get_child_with(request.user, pk, Capability.RECORD_EXCLUSIONS, request=request)
    form = ExclusionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            exclusion_record(
                child=child,
                kind=data["kind"],
                starts_on=data["starts_on"],
                sessions=data["sessions"],
                reasons=data["reasons"],
                provision_from=data["provision_from"],
                notes=data["notes"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(
                request,
                "Exclusion recorded. The social worker and the Virtual School Head are alerted.",
            )
            return redirect("attendance:child", pk=child.pk)
    return render(request, "attendance/exclusion_form.html", {"child": child, "form": form})


@require_http_methods(["GET", "POST"])
def alert_action(request, pk, kind, since):
    child = get_child_for_user(request.user, pk, request=request)
    require_child_role(request.user, child, ATTENDANCE_ALERT_ROLES)  # the service's own rule
    try:
        day = datetime.date.fromisoformat(since)
    except ValueError:
        raise Http404("No such alert") from None
    if kind not in LABELS:
        raise Http404("No such alert")
    form = AlertActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        alert_action_record(
            child=child,
            kind=kind,
            since=day,
            action=form.cleaned_data["action"],
            actor=request.user,
        )
        messages.success(request, "Action recorded.")
        return redirect("home")
    context = {"child": child, "form": form, "label": LABELS[kind], "since": day}
    return render(request, "attendance/alert_action.html", context)


@require_GET
@require_capability(Capability.VIEW_CHILD)
def alert_list(request):
    """Every open alert the person follows, most urgent kinds first, filtered by kind and paged
    in the database (the home page shows the first 50)."""
    from attendance.kept_alerts import alerts_for

    if not user_roles(request.user) & ATTENDANCE_ALERT_ROLES:
        raise PermissionDenied
    kind = request.GET.get("kind", "")
    kinds = [kind] if kind in LABELS else None
    page = Paginator(alerts_for(request.user, timezone.localdate(), kinds), 50)
    page = page.get_page(request.GET.get("page"))
    access_log_record(action=Action.VIEW, actor=request.user, request=request,
                      object_type=ObjectType.ATTENDANCE, object_id="alerts",
                      children=[a.child.pk for a in page])  # fmt: skip
    context = {"page": page, "kind": kind if kinds else "", "labels": LABELS,
               "query_string": f"kind={kind}" if kinds else ""}  # fmt: skip
    return render(request, "attendance/alerts.html", context)


@require_GET
@require_capability(Capability.VIEW_AGGREGATE)
@require_capability(Capability.VIEW_CHILD)
def cohort_view(request):
    form = PeriodForm(request.GET or None)
    today = timezone.localdate()
    children = Child.objects.visible_to(request.user)
    start, end = form.period(_default_start(request.user, today))
    if not form.is_bound:
        form = PeriodForm(initial={"start": start, "end": end})
    with_sen = Capability.VIEW_HEALTH in user_capabilities(request.user)
    fmt = request.GET.get("format")
    if fmt in FORMATS and form.is_valid():
        return _cohort_export(request, children, start, end, fmt, with_sen=with_sen)
    summary = _cohort_summary(children, start, end, today, with_sen=with_sen)
    page = Paginator(summary.persistent, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    persistent = lines_for(list(page), end, severe=False)
    severe = lines_for(summary.severe[:LIST_PAGE_SIZE], end, severe=True)
    access_log_record(
        action=Action.VIEW,
        actor=request.user,
        request=request,
        object_type=ObjectType.ATTENDANCE,
        object_id=f"cohort {start} {end}",
        children=sorted({line.child.pk for line in persistent + severe}),  # those on the page
    )
    context = {"form": form, "result": summary, "start": start, "end": end, "page": page,
               "persistent": persistent, "severe": severe,
               "query_string": _period_query(start, end)}  # fmt: skip
    return render(request, "attendance/cohort.html", context)


LIST_PAGE_SIZE = 50


def _cohort_summary(children, start, end, today, *, with_sen: bool):
    """For someone who sees a whole roll: this term so far from the kept lines, another period
    kept whole per LA (core.kept); worked out otherwise."""
    la_id = whole_la_of(children)
    if la_id is None:
        return cohort_summary(children, start, end, with_sen=with_sen)
    la = LocalAuthority.objects.get(pk=la_id)
    if end == today and start == cohort_default_start(la, today):  # as the page opens
        return lines_summary(la, today, with_sen=with_sen)
    return cohort_kept(la_id, start, end, today, with_sen=with_sen)


def _period_query(start, end) -> str:
    return f"start={start.isoformat()}&end={end.isoformat()}"


def _cohort_export(request, children, start, end, fmt: str, *, with_sen: bool):
    result = cohort_attendance(children, start, end, with_sen=with_sen)
    access_log_record(
        action=Action.EXPORT,
        actor=request.user,
        request=request,
        object_type=ObjectType.ATTENDANCE,
        object_id=f"cohort {start} {end}",
        children=[line.child.pk for line in result.lines],
    )
    return download(fmt, EXPORT_COLUMNS, export_rows(result), title="Attendance",
                    stem=f"attendance-{start}-{end}")  # fmt: skip


def _default_start(user, today: datetime.date) -> datetime.date:
    """This term's first day in the first of the user's LAs with terms, else 1 September."""
    from authorities.selectors import las_for_user

    las = las_for_user(user, Capability.VIEW_AGGREGATE)
    return cohort_default_start(next((la for la in las if term_on(la, today)), None), today)
