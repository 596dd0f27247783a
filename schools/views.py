from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import require_capability
from accounts.roles import Capability
from accounts.selectors import user_capabilities
from audit.services import Action, ObjectType, access_log_record
from children.selectors import designated_teachers_at
from core.forms import add_validation_errors
from schools.forms import InspectionForm
from schools.models import School
from schools.selectors import children_at_school_visible_to, get_school, school_links
from schools.services import school_inspection_record


@require_GET
@require_capability(Capability.VIEW_CHILD)
def school_detail(request, urn):
    school = get_school(urn)
    children = children_at_school_visible_to(request.user, school)
    access_log_record(
        action=Action.VIEW,
        actor=request.user,
        request=request,
        object_type=ObjectType.SCHOOL,
        object_id=school.urn,
    )
    return render(
        request,
        "schools/detail.html",
        {
            "school": school,
            "children": children,
            "teachers": designated_teachers_at(school),
            "links": school_links(school),
            "can_record_inspection": Capability.IMPORT_DATA in user_capabilities(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@require_capability(Capability.IMPORT_DATA)
def inspection_record(request, urn):
    school = get_school(urn)
    form = InspectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            school_inspection_record(
                school=school,
                outcome=form.cleaned_data["outcome"],
                inspected_on=form.cleaned_data["inspected_on"],
                source=School.InspectionSource.ENTERED,
                actor=request.user,
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "Inspection outcome saved.")
            return redirect("schools:detail", urn=school.urn)
    return render(request, "schools/inspection_form.html", {"school": school, "form": form})
