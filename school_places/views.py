"""School place casework pages: the officer's cases, a social worker's referral, a case with
its steps, applications, decisions and close. Writes through school_places.services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.roles import Capability
from accounts.selectors import la_ids_with
from audit.services import Action, ObjectType, access_log_record
from children.access import get_child_for_user
from core.forms import add_validation_errors
from school_places import services
from school_places.access import may_refer
from school_places.forms import (
    ApplicationDecisionForm,
    ApplicationForm,
    CloseForm,
    ReferralForm,
    StepForm,
)
from school_places.models import Case
from school_places.rules import school_days_open
from school_places.selectors import (
    case_rows,
    cases_visible_to,
    get_case_for_user,
    open_cases_query,
)
from schools.models import School


def _log(request, what: str, children: list[int]) -> None:
    access_log_record(
        action=Action.VIEW,
        actor=request.user,
        request=request,
        object_type=ObjectType.CHILD_LIST,
        object_id=what,
        children=children,
    )


@require_GET
def case_list(request):
    officer = bool(la_ids_with(request.user, Capability.MANAGE_SCHOOL_PLACES))
    cases = cases_visible_to(request.user)
    if not officer and not cases.exists():
        raise PermissionDenied
    page = Paginator(open_cases_query(cases), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = case_rows(page.object_list, timezone.localdate())
    _log(request, "school place cases", [r.case.child_id for r in rows])
    context = {"rows": rows, "page": page, "officer": officer}
    return render(request, "school_places/list.html", context)


PAGE_SIZE = 50


@require_http_methods(["GET", "POST"])
def case_refer(request, child_pk):
    child = get_child_for_user(request.user, child_pk, request=request)
    if not may_refer(request.user, child):
        raise PermissionDenied
    form = ReferralForm(request.POST or None)
    officer = child.la_id in la_ids_with(request.user, Capability.MANAGE_SCHOOL_PLACES)
    source = request.GET.get("source", "") if officer else Case.Source.REFERRAL
    if source not in Case.Source.values:  # a hand-edited link: the officer opened it
        source = Case.Source.OFFICER
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(
                child=child,
                source=source,
                data=form.cleaned_data,
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
    data = request.POST if request.method == "POST" else None
    do = request.POST.get("do", "")
    forms = {
        "step": StepForm(data if do == "step" else None),
        "apply": ApplicationForm(data if do == "apply" else None),
        "decide": ApplicationDecisionForm(
            data if do == "decide" else None,
            applications=[a for a in applications if not a.decision],
        ),
        "close": CloseForm(data if do == "close" else None),
    }
    if data is not None:
        if not officer:
            raise PermissionDenied
        if do not in forms:
            return HttpResponseBadRequest("Unknown action")
        if forms[do].is_valid() and _act(request, case, do, forms[do]):
            return redirect("school_places:detail", pk=case.pk)
    _log(request, f"school place case {case.pk}", [case.child_id])
    today = timezone.localdate()
    context = {
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


def _act(request, case, do, form) -> bool:
    data, today, actor = form.cleaned_data, timezone.localdate(), request.user
    try:
        if do == "step":
            services.case_move(
                case=case, step=data["step"], day=today, note=data["note"], actor=actor
            )
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
    except ValidationError as exc:
        add_validation_errors(form, exc)
        return False
    messages.success(request, "Saved.")
    return True
