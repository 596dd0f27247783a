from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.decorators import require_capability
from accounts.roles import Capability
from audit.services import Action, ObjectType, access_log_record
from children.selectors import designated_teachers_at
from schools.selectors import children_at_school_visible_to, get_school


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
        },
    )
