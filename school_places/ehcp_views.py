"""EHCPs across LA borders: the officers' list with each transfer's clock, a new transfer for
a child, and a transfer's progress and consultations with schools."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from audit.services import child_list_viewed
from children.access import get_child_for_user
from core.forms import add_validation_errors, saved
from la_directory.models import Authority
from school_places import services
from school_places.forms import (
    ConsultationForm,
    ConsultationReplyForm,
    EhcpProgressForm,
    EhcpTransferForm,
)
from school_places.rules import consultation_reply_due, ehcp_next
from school_places.selectors import get_transfer_for_user, officer_la_ids, transfers_for
from schools.models import School


@require_GET
def transfer_list(request):
    if not officer_la_ids(request.user):
        raise PermissionDenied
    found = list(transfers_for(request.user).filter(closed_on__isnull=True)[:200])
    rows = [(t, ehcp_next(t)) for t in found]
    child_list_viewed(request, "EHCP transfers", [t.child_id for t in found])
    _names(found)
    context = {"rows": rows, "today": timezone.localdate()}
    return render(request, "school_places/transfers.html", context)


def _names(transfers) -> None:
    """Each LA code with its name from the directory (`from_name`, `to_name`, `paying_name`)."""
    codes = {c for t in transfers for c in (t.from_la_code, t.to_la_code, t.paying_la_code)}
    names = dict(Authority.objects.filter(code__in=codes).values_list("code", "name"))
    for t in transfers:
        t.from_name = names.get(t.from_la_code, t.from_la_code)
        t.to_name = names.get(t.to_la_code, t.to_la_code)
        t.paying_name = names.get(t.paying_la_code, t.paying_la_code)


@require_http_methods(["GET", "POST"])
def transfer_new(request, child_pk):
    child = get_child_for_user(request.user, child_pk, request=request)
    if child.la_id not in officer_la_ids(request.user):
        raise PermissionDenied
    form = EhcpTransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            transfer = services.ehcp_transfer_add(
                child=child, data=form.cleaned_data, actor=request.user
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "EHCP transfer recorded.")
            return redirect("school_places:transfer", pk=transfer.pk)
    return render(request, "school_places/transfer_new.html", {"child": child, "form": form})


@require_http_methods(["GET", "POST"])
def transfer_detail(request, pk):
    transfer = get_transfer_for_user(request.user, pk)
    consultations = list(transfer.consultations.select_related("school"))
    do = request.POST.get("do", "")
    forms = _forms(request, transfer, consultations, do)
    if request.method == "POST":
        if do not in forms:
            return HttpResponseBadRequest("Unknown action")
        if forms[do].is_valid() and _act(request, transfer, do, forms[do]):
            return redirect("school_places:transfer", pk=transfer.pk)
    child_list_viewed(request, f"EHCP transfer {transfer.pk}", [transfer.child_id])
    _names([transfer])
    context = {
        "transfer": transfer,
        "next": ehcp_next(transfer),
        "consultations": [(c, consultation_reply_due(c.sent_on)) for c in consultations],
        "forms": forms,
        "today": timezone.localdate(),
        "page_errors": any(f.errors for f in forms.values()),
    }
    return render(request, "school_places/transfer.html", context)


def _forms(request, transfer, consultations, do) -> dict:
    data = request.POST if request.method == "POST" else None
    bound = lambda name: data if do == name else None  # noqa: E731
    initial = {f: getattr(transfer, f) for f in ("transferred_on", "review_told_on", "recoupment")}
    waiting = [c for c in consultations if not c.replied_on]
    return {
        "progress": EhcpProgressForm(bound("progress"), initial=initial, auto_id="id_p_%s"),
        "consult": ConsultationForm(bound("consult"), auto_id="id_c_%s"),
        "reply": ConsultationReplyForm(bound("reply"), consultations=waiting, auto_id="id_r_%s"),
    }


def _act(request, transfer, do, form) -> bool:
    return saved(request, form, lambda: _do(request, transfer, do, form.cleaned_data))


def _do(request, transfer, do, data) -> None:
    actor = request.user
    if do == "progress":
        closed = timezone.localdate() if data.pop("closed") else None
        services.ehcp_transfer_update(
            transfer=transfer, data={**data, "closed_on": closed}, actor=actor
        )
    elif do == "consult":
        school = School.objects.filter(urn=data["urn"]).first()
        if school is None:
            raise ValidationError({"urn": "No school with that URN in the register."})
        services.ehcp_consultation_add(
            transfer=transfer, school=school, sent_on=data["sent_on"], actor=actor
        )
    else:
        consultation = transfer.consultations.get(pk=data["consultation"])
        services.ehcp_consultation_reply(
            consultation=consultation,
            replied_on=data["replied_on"],
            reply=data["reply"],
            note=data["note"],
            actor=actor,
        )
