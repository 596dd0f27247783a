"""School place casework pages: the officer's cases, a social worker's referral, a case with
its steps, applications, decisions and close. Writes through school_places.services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.roles import Capability
from accounts.selectors import la_ids_with
from audit.services import Action, ObjectType, access_log_record, child_list_viewed
from children.access import get_child_for_user
from core.forms import add_validation_errors, saved
from la_directory.selectors import contacts_for_case
from school_places import services
from school_places.access import may_refer
from school_places.forms import (
    ApplicationDecisionForm,
    ApplicationForm,
    CloseForm,
    EscalateForm,
    EscalationCloseForm,
    EscalationStepForm,
    ReferralForm,
    StepForm,
)
from school_places.letters import FOR_ROUTE, letter_docx, letter_for, letter_pdf
from school_places.models import Case
from school_places.rules import escalation_next, school_days_open
from school_places.selectors import (
    case_rows,
    cases_visible_to,
    get_case_for_user,
    open_cases_query,
)
from schools.models import School


@require_GET
def case_list(request):
    officer = bool(la_ids_with(request.user, Capability.MANAGE_SCHOOL_PLACES))
    cases = cases_visible_to(request.user)
    if not officer and not cases.exists():
        raise PermissionDenied
    page = Paginator(open_cases_query(cases), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = case_rows(page.object_list, timezone.localdate())
    child_list_viewed(request, "school place cases", [r.case.child_id for r in rows])
    context = {"rows": rows, "page": page, "officer": officer}
    return render(request, "school_places/list.html", context)


PAGE_SIZE = 50


OFFICER_SOURCES = [v for v in Case.Source.values if v != Case.Source.REFERRAL]


@require_http_methods(["GET", "POST"])
def case_refer(request, child_pk):
    child = get_child_for_user(request.user, child_pk, request=request)
    if not may_refer(request.user, child):
        raise PermissionDenied
    officer = child.la_id in la_ids_with(request.user, Capability.MANAGE_SCHOOL_PLACES)
    source = request.GET.get("source", "")
    if source not in OFFICER_SOURCES:  # a hand-edited link: the officer opened it
        source = Case.Source.OFFICER
    form = ReferralForm(request.POST or None, officer=officer, initial={"source": source})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            case = services.case_open(
                child=child,
                source=data.pop("source", Case.Source.REFERRAL),
                data=data,
                day=timezone.localdate(),
                actor=request.user,
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(
                request,
                "The case is open: the school placement team has it."
                if not officer
                else "Case opened.",
            )
            return redirect("school_places:detail", pk=case.pk)
    return render(
        request, "school_places/refer.html", {"child": child, "form": form, "officer": officer}
    )


@require_http_methods(["GET", "POST"])
def case_detail(request, pk):
    case = get_case_for_user(request.user, pk)
    officer = case.la_id in la_ids_with(request.user, Capability.MANAGE_SCHOOL_PLACES)
    applications = list(case.applications.select_related("school"))
    escalations = list(case.escalations.select_related("application__school"))
    data = request.POST if request.method == "POST" else None
    do = request.POST.get("do", "")
    today = timezone.localdate()
    forms = _case_forms(request, applications, escalations, data, do, today)
    if data is not None:
        if not officer:
            raise PermissionDenied
        if do not in forms:
            return HttpResponseBadRequest("Unknown action")
        if forms[do].is_valid() and _act(request, case, do, forms[do]):
            return redirect("school_places:detail", pk=case.pk)
    child_list_viewed(request, f"school place case {case.pk}", [case.child_id])
    context = {
        "escalations": [(e, escalation_next(e, case.la), FOR_ROUTE[e.route]) for e in escalations],
        "contacts": contacts_for_case(case, applications),
        "case": case,
        "officer": officer,
        "applications": applications,
        "forms": forms,
        "age": school_days_open(case.la, case.opened_on, case.closed_on or today),
        "steps": case.steps.select_related("by"),
        "today": today,
        "page_errors": any(f.errors for f in forms.values()),
    }
    return render(request, "school_places/detail.html", context)


def _case_forms(request, applications, escalations, data, do, today) -> dict:
    """The officer's forms on a case; only the one named by `do` is bound to the POST."""
    open_escalations = [e for e in escalations if not e.closed_on]
    escalated = {e.application_id for e in open_escalations}
    may_escalate = [a for a in applications if a.pk not in escalated and _escalable(a, today)]
    bound = lambda name: data if do == name else None  # noqa: E731
    forms = {
        "escalate": EscalateForm(bound("escalate"), applications=may_escalate),
        "esc_step": EscalationStepForm(bound("esc_step"), escalations=open_escalations),
        "esc_close": EscalationCloseForm(bound("esc_close"), escalations=open_escalations),
        "step": StepForm(bound("step")),
        "apply": ApplicationForm(bound("apply"), initial={"urn": request.GET.get("urn", "")[:6]}),
        "decide": ApplicationDecisionForm(
            bound("decide"), applications=[a for a in applications if not a.decision]
        ),
        "close": CloseForm(bound("close")),
    }
    for name, form in forms.items():  # several forms share field names: ids stay unique
        form.auto_id = f"id_{name}_%s"
    return forms


def _escalable(application, today) -> bool:
    if application.decision == "refused":
        return True
    late = application.decision_due and application.decision_due < today
    return not application.decision and bool(late)


def _act(request, case, do, form) -> bool:
    return saved(request, form, lambda: _do(request, case, do, form.cleaned_data))


def _do(request, case, do, data) -> None:
    today, actor = timezone.localdate(), request.user
    if do.startswith("esc"):
        _act_escalation(case, do, data, actor)
    elif do == "step":
        services.case_move(case=case, step=data["step"], day=today, note=data["note"], actor=actor)
    elif do == "apply":
        school = School.objects.filter(urn=data["urn"]).first()
        if school is None:
            raise ValidationError({"urn": "No school with that URN in the register."})
        services.application_add(
            case=case,
            school=school,
            sent_on=data["sent_on"],
            round=data["round"],
            choice_reason=data["choice_reason"],
            actor=actor,
        )
    elif do == "decide":
        application = case.applications.get(pk=data["application"])
        services.application_decide(
            application=application,
            decision=data["decision"],
            day=data["decided_on"],
            reason=data["reason"],
            actor=actor,
        )
    else:
        services.case_close(
            case=case, outcome=data["outcome"], day=today, note=data["note"], actor=actor
        )


def _act_escalation(case, do, data, actor) -> None:
    if do == "escalate":
        application = case.applications.get(pk=data["application"])
        services.escalation_start(application=application, day=timezone.localdate(), actor=actor)
        return
    escalation = case.escalations.get(pk=data["escalation"])
    if do == "esc_step":
        services.escalation_record(
            escalation=escalation,
            step=data["step"],
            day=data["day"],
            note=data["note"],
            actor=actor,
        )
    else:
        services.escalation_close(
            escalation=escalation, outcome=data["outcome"], day=timezone.localdate(), actor=actor
        )


@require_GET
def letter(request, pk, escalation_pk, kind, fmt):
    """An escalation letter as a tagged PDF or a Word document to edit; officers only."""
    case = get_case_for_user(request.user, pk)
    if case.la_id not in la_ids_with(request.user, Capability.MANAGE_SCHOOL_PLACES):
        raise PermissionDenied
    escalation = get_object_or_404(case.escalations, pk=escalation_pk)
    if kind not in FOR_ROUTE[escalation.route] or fmt not in ("pdf", "docx"):
        raise Http404("No such letter")
    made = letter_for(escalation, kind, officer=request.user)
    access_log_record(
        action=Action.EXPORT,
        actor=request.user,
        request=request,
        object_type=ObjectType.CHILD,
        object_id=str(case.child_id),
        children=[case.child_id],
    )
    if fmt == "pdf":
        return _download(letter_pdf(made), "application/pdf", f"{kind}-{case.pk}.pdf")
    return _download(letter_docx(made), DOCX, f"{kind}-{case.pk}.docx")


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="OFFICIAL-SENSITIVE-{name}"'
    return response
