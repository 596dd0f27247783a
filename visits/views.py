"""Recording a visit to a school and closing its actions (writes through visits.services)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import require_capability
from accounts.roles import Capability
from accounts.selectors import la_ids_with
from audit.services import Action, ObjectType, access_log_record
from core.forms import add_validation_errors
from schools.forms import ActionForm, VisitForm
from schools.selectors import children_at_school_visible_to, get_school
from schools.views import _la_of
from visits.models import SchoolAction, SchoolVisit
from visits.selectors import action_owners
from visits.services import school_action_done, school_visit_record

ACTION_ROWS = 3


@require_http_methods(["GET", "POST"])
@require_capability(Capability.WORK_WITH_SCHOOLS)
def visit_new(request, urn):
    school = get_school(urn)
    la = _la_of(request.user, Capability.WORK_WITH_SCHOOLS)
    children = list(children_at_school_visible_to(request.user, school))
    data = request.POST or None
    form = VisitForm(data, children=children)
    owners = action_owners(la, school)
    actions = [ActionForm(data, owners=owners, prefix=f"action-{i}") for i in range(ACTION_ROWS)]
    valid = request.method == "POST" and form.is_valid() and all(a.is_valid() for a in actions)
    if valid and _save(request, la, school, form, actions):
        return redirect("schools:detail", urn=school.urn)
    access_log_record(
        action=Action.VIEW,
        actor=request.user,
        request=request,
        object_type=ObjectType.SCHOOL,
        object_id=f"{school.urn} visit form",
        children=[c.pk for c in children],
    )
    errors = any(a.errors for a in actions)
    context = {
        "school": school,
        "form": form,
        "actions": actions,
        "action_errors": errors,
        "page_errors": errors,
    }
    return render(request, "visits/form.html", context)


def _save(request, la, school, form, actions) -> bool:
    data = form.cleaned_data
    visit = SchoolVisit(
        la=la,
        school=school,
        kind=data["kind"],
        visited_on=data["visited_on"],
        people_met=data["people_met"],
        judgement=data["judgement"],
        notes=data["notes"],
    )
    found = [a.action_data() for a in actions]
    try:
        school_visit_record(
            visit=visit,
            children=form.chosen_children(),
            actions=[a for a in found if a],
            actor=request.user,
        )
    except ValidationError as exc:
        add_validation_errors(form, exc)
        return False
    messages.success(request, f"Visit recorded with {sum(1 for a in found if a)} action(s).")
    return True


@require_POST
@require_capability(Capability.WORK_WITH_SCHOOLS)
def action_done(request, pk):
    action = get_object_or_404(
        SchoolAction, pk=pk, la_id__in=la_ids_with(request.user, Capability.WORK_WITH_SCHOOLS)
    )
    school_action_done(action=action, day=timezone.localdate(), actor=request.user)
    messages.success(request, f"Done: {action.what}")
    return redirect("schools:detail", urn=action.school.urn)
