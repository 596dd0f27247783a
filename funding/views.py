"""Pupil Premium Plus pages: grant years, the ledger, decisions, held lines, central spend and
payment runs. Every object comes through funding/access.py; every write through services."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import require_capability
from accounts.roles import Capability, Role
from audit.services import Action, ObjectType, access_log_record
from authorities.selectors import las_for_user
from core.exports import file_name
from core.forms import add_validation_errors
from funding.access import (
    get_grant_for_user,
    get_line_for_user,
    get_request_for_user,
    get_run_for_user,
    grants_visible_to,
)
from funding.eligibility import FinancialYear
from funding.forms import BulkDecisionForm, CentralSpendForm, DecisionForm, GrantYearForm
from funding.ledger import child_splits, ledger, ledger_totals
from funding.models import CentralSpend, GrantYear, PpRequest
from funding.payments import run_csv
from funding.selectors import requests_listed
from funding.services import (
    central_spend_save,
    grant_year_save,
    payment_line_release,
    payment_run_create,
    pp_request_decide,
    pp_requests_decide_many,
    roles_in,
)

manage_funding = require_capability(Capability.MANAGE_FUNDING)


def _log(request, action: str, what: str) -> None:
    access_log_record(
        action=action,
        actor=request.user,
        request=request,
        object_type=ObjectType.FUNDING,
        object_id=what,
    )


@require_GET
@manage_funding
def grant_list(request):
    grants = grants_visible_to(request.user).select_related("la").order_by("la", "-year")
    return render(request, "funding/list.html", {"grants": grants})


@require_http_methods(["GET", "POST"])
@manage_funding
def grant_new(request):
    las = las_for_user(request.user, Capability.MANAGE_FUNDING)
    la = next((la for la in las if Role.VIRTUAL_SCHOOL_HEAD in roles_in(request.user, la)), None)
    if la is None:
        messages.error(request, "Only the Virtual School Head sets up a grant year.")
        return redirect("funding:list")
    return _grant_form(request, GrantYear(la=la), "Set up a grant year")


@require_http_methods(["GET", "POST"])
@manage_funding
def grant_settings(request, pk):
    grant = get_grant_for_user(request.user, pk)
    if Role.VIRTUAL_SCHOOL_HEAD not in roles_in(request.user, grant.la):
        raise PermissionDenied
    return _grant_form(request, grant, "Grant year settings")


def _grant_form(request, grant: GrantYear, title: str):
    form = GrantYearForm(request.POST or None, instance=grant, la=grant.la)
    if request.method == "POST" and form.is_valid():
        try:
            grant = grant_year_save(grant=form.save(), actor=request.user)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, f"Pupil Premium Plus {grant.year} saved.")
            return redirect("funding:ledger", pk=grant.pk)
    return render(
        request, "funding/grant_form.html", {"form": form, "grant": grant, "title": title}
    )


@require_GET
@manage_funding
def ledger_view(request, pk):
    grant = get_grant_for_user(request.user, pk)
    _log(request, Action.VIEW, f"ledger {grant.pk}")
    page = Paginator(child_splits(grant), PAGE_SIZE).get_page(request.GET.get("page"))
    held = grant.lines.filter(status="held").select_related("child", "school", "term")
    context = {
        "grant": grant,
        "book": ledger(grant, by_child=False),
        "page": page,
        "child_rows": [(key, split) for key, _, split in page],
        "page_child_pks": {key: pk for key, pk, _ in page},
        "basis": FinancialYear.parse(grant.year).basis,
        "held": held.order_by("pk")[:PAGE_SIZE],
        "held_count": held.count(),
        "central": grant.central.all(),
        "runs": grant.runs.all(),
        "is_head": Role.VIRTUAL_SCHOOL_HEAD in roles_in(request.user, grant.la),
    }
    return render(request, "funding/ledger.html", context)


@require_http_methods(["GET", "POST"])
@manage_funding
def request_list(request, pk):
    grant = get_grant_for_user(request.user, pk)
    is_head = Role.VIRTUAL_SCHOOL_HEAD in roles_in(request.user, grant.la)
    if request.method == "POST":
        if not is_head:
            raise PermissionDenied
        return _decide_many(request, grant)
    status = request.GET.get("status", PpRequest.Status.PENDING)
    if status not in PpRequest.Status.values:
        status = PpRequest.Status.PENDING
    return _request_page(request, grant, status, is_head, BulkDecisionForm())


def _request_page(request, grant: GrantYear, status: str, is_head: bool, form, chosen=()):
    rows = requests_listed(grant, status, timezone.localdate())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    _log(request, Action.VIEW, f"requests {grant.pk} {status}")
    context = {"grant": grant, "requests": page, "page": page, "status": status,
               "statuses": PpRequest.Status, "query_string": f"status={status}",
               "bulk": is_head and status == PpRequest.Status.PENDING and page.object_list,
               "form": form, "chosen": set(chosen)}  # fmt: skip
    return render(request, "funding/requests.html", context, status=400 if form.errors else 200)


def _decide_many(request, grant: GrantYear):
    form = BulkDecisionForm(request.POST)
    ids = [int(i) for i in request.POST.getlist("request") if i.isdigit()]
    chosen = list(grant.requests.filter(pk__in=ids))
    if form.is_valid() and not chosen:
        form.add_error(None, "Choose at least one request to decide")
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            reason = form.cleaned_data["reason"]
            pp_requests_decide_many(requests=chosen, approve=approve, reason=reason,
                                    actor=request.user)  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, "Nothing was decided. " + " ".join(exc.messages))
        else:
            word = "Approved" if approve else "Declined"
            messages.success(request, f"{word} {len(chosen)} request{'s' * (len(chosen) != 1)}.")
            return redirect(f"{request.path}?status={PpRequest.Status.PENDING}")
    return _request_page(request, grant, PpRequest.Status.PENDING, True, form, ids)


@require_http_methods(["GET", "POST"])
@manage_funding
def request_decide(request, pk):
    pp = get_request_for_user(request.user, pk)
    form = _without_override(DecisionForm(request.POST or None), request.user, pp.grant_year)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        amount = {"approve": pp.requested, "reduce": data["amount"], "decline": None}
        try:
            pp_request_decide(
                request=pp,
                approve=amount[data["decision"]],
                reason=data["reason"],
                override=data.get("override", False),
                actor=request.user,
            )
        except ValidationError as exc:
            add_validation_errors(form, exc, rename={"approved": "amount"})
        else:
            messages.success(request, f"Decision recorded: {pp.get_status_display().lower()}.")
            return redirect("funding:requests", pk=pp.grant_year_id)
    book = ledger_totals(pp.grant_year)
    context = {"pp": pp, "form": form, "remaining": book.remaining, "pep": pp.target.pep}
    return render(request, "funding/decide.html", context)


def _without_override(form, user, grant: GrantYear):
    """Only the Virtual School Head may override the budget: nobody else is offered it."""
    if Role.VIRTUAL_SCHOOL_HEAD not in roles_in(user, grant.la):
        del form.fields["override"]
    return form


@require_POST
@manage_funding
def line_release(request, pk):
    line = get_line_for_user(request.user, pk)
    try:
        payment_line_release(line=line, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"£{line.amount} released for {line.child.la_child_id}.")
    return redirect("funding:ledger", pk=line.grant_year_id)


@require_http_methods(["GET", "POST"])
@manage_funding
def central_new(request, pk):
    grant = get_grant_for_user(request.user, pk)
    form = CentralSpendForm(request.POST or None, instance=CentralSpend(grant_year=grant))
    form = _without_override(form, request.user, grant)
    if request.method == "POST" and form.is_valid():
        try:
            central_spend_save(
                line=form.save(commit=False),
                override=form.cleaned_data.get("override", False),
                actor=request.user,
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "Central spend line saved.")
            return redirect("funding:ledger", pk=grant.pk)
    return render(request, "funding/central_form.html", {"form": form, "grant": grant})


@require_POST
@manage_funding
def run_new(request, pk):
    grant = get_grant_for_user(request.user, pk)
    try:
        run = payment_run_create(grant=grant, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        total = sum((line.amount for line in run.lines.all()), Decimal(0))
        messages.success(
            request, f"Payment run {run.number}: £{total} marked paid. Download the file."
        )
    return redirect("funding:ledger", pk=grant.pk)


@require_GET
@manage_funding
def run_download(request, pk):
    run = get_run_for_user(request.user, pk)
    _log(request, Action.EXPORT, f"payment run {run.pk}")
    response = HttpResponse(run_csv(run), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name(run.reference, "csv")}"'
    return response


PAGE_SIZE = 50  # rows of a long list on one page
