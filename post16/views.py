"""Post-16 pages: the PEP's post-16 plan, and Post-16 Pupil Premium Plus (grant lines, requests
and decisions). Objects come through post16/access.py, writes through services."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.roles import Role
from accounts.selectors import role_assignments, roles_in_la
from audit.services import child_list_viewed
from children.access import child_roles, get_child_for_user
from core.forms import saved
from peps import rules as pep_rules
from peps.access import get_pep_for_user
from peps.models import Section
from post16 import services
from post16.access import get_grant_for_user, get_request_for_user, grants_for, staff_la_ids
from post16.forms import Post16DecisionForm, Post16GrantForm, Post16PlanForm, Post16RequestForm
from post16.models import Post16Grant, Post16Plan, Post16Request
from post16.rules import (
    REQUESTERS,
    attracts_post16_pp,
    is_lead,
    may_decide,
    post16_ledger,
)
from post16.selectors import grant_requests, waiting_for

PAGE_SIZE = 50


def _vsh_la(user):
    return next(
        (a.la for a in role_assignments(user) if a.role == Role.VIRTUAL_SCHOOL_HEAD and a.la),
        None,
    )


@require_http_methods(["GET", "POST"])
def plan_edit(request, pep_pk):
    pep = get_pep_for_user(request.user, pep_pk, request=request)
    if not pep_rules.can_write(request.user, pep, Section.POST16):
        raise PermissionDenied
    plan = Post16Plan.objects.filter(pep=pep).first() or Post16Plan(pep=pep)
    form = Post16PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        action = lambda: services.post16_plan_save(pep=pep, data=data, actor=request.user)  # noqa: E731
        if saved(request, form, action, "The post-16 plan is saved."):
            return redirect("peps:detail", pk=pep.pk)
    checks = pep.child.post16_checks.all()[:3]
    context = {"pep": pep, "form": form, "checks": checks}
    return render(request, "post16/plan_form.html", context)


@require_GET
def grant_list(request):
    grants = list(grants_for(request.user).select_related("la"))
    if not grants and not staff_la_ids(request.user):
        raise PermissionDenied
    waiting = waiting_for(request.user)
    page = Paginator(waiting, PAGE_SIZE).get_page(request.GET.get("page"))
    child_list_viewed(request, "post-16 PP+ waiting", [r.child_id for r in page])
    context = {
        "grants": [(g, post16_ledger(g)) for g in grants],
        "page": page,
        "can_set_up": _vsh_la(request.user) is not None,
    }
    return render(request, "post16/grant_list.html", context)


@require_http_methods(["GET", "POST"])
def grant_new(request):
    la = _vsh_la(request.user)
    if la is None:
        raise PermissionDenied
    return _grant_form(request, Post16Grant(la=la), "Set up a Post-16 PP+ year")


@require_http_methods(["GET", "POST"])
def grant_edit(request, pk):
    grant = get_grant_for_user(request.user, pk)
    if Role.VIRTUAL_SCHOOL_HEAD not in roles_in_la(request.user, grant.la_id):
        raise PermissionDenied
    return _grant_form(request, grant, f"Post-16 PP+ {grant.year}: settings")


def _grant_form(request, grant, title: str):
    form = Post16GrantForm(request.POST or None, instance=grant, la=grant.la)
    if request.method == "POST" and form.is_valid():
        grant = form.save(commit=False)
        if saved(
            request, form, lambda: services.post16_grant_save(grant=grant, actor=request.user)
        ):
            return redirect("post16:grant", pk=grant.pk)
    return render(request, "post16/grant_form.html", {"form": form, "title": title})


@require_GET
def grant_detail(request, pk):
    grant = get_grant_for_user(request.user, pk)
    status = request.GET.get("status", "")
    if status not in Post16Request.Status.values:
        status = ""
    found = grant_requests(request.user, grant, status)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    child_list_viewed(request, "post-16 PP+ requests", [r.child_id for r in page])
    context = {
        "grant": grant,
        "book": post16_ledger(grant),
        "page": page,
        "status": status,
        "query_string": f"status={status}" if status else "",
        "statuses": Post16Request.Status.choices,
        "can_edit": Role.VIRTUAL_SCHOOL_HEAD in roles_in_la(request.user, grant.la_id),
    }
    return render(request, "post16/grant_detail.html", context)


@require_http_methods(["GET", "POST"])
def request_new(request, child_pk):
    child = get_child_for_user(request.user, child_pk, request=request)
    if not child_roles(request.user, child) & REQUESTERS:
        raise PermissionDenied
    today = timezone.localdate()
    form = Post16RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def create():
            made = services.post16_request_create(child=child, data=data, actor=request.user)
            request.made = made

        if saved(request, form, create, "The request is saved."):
            return redirect("post16:request", pk=request.made.pk)
    context = {
        "child": child,
        "form": form,
        "attracts": attracts_post16_pp(child, today),
        "earlier": child.post16_requests.select_related("term")[:10],
    }
    return render(request, "post16/request_form.html", context)


@require_http_methods(["GET", "POST"])
def request_detail(request, pk):
    found = get_request_for_user(request.user, pk)
    child_list_viewed(request, f"post-16 PP+ request {found.pk}", [found.child_id])
    can_decide = found.open and may_decide(request.user, found)
    form = Post16DecisionForm(request.POST or None) if can_decide else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid() and saved(request, form, lambda: _decide(request, found, form)):
            return redirect("post16:request", pk=found.pk)
    context = {
        "req": found,
        "form": form,
        "lead_decides": found.status == Post16Request.Status.REFERRED,
        "is_lead": is_lead(request.user, found.grant),
    }
    return render(request, "post16/request_detail.html", context)


def _decide(request, found: Post16Request, form) -> None:
    data = form.cleaned_data
    approve: Decimal | None = {
        "approve": found.amount,
        "reduce": data.get("amount"),
        "decline": None,
    }[data["decision"]]
    services.post16_request_decide(
        request=found,
        approve=approve,
        reason=data.get("reason", ""),
        override=data.get("override", False),
        actor=request.user,
    )
