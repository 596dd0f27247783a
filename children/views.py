from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.decorators import require_capability
from accounts.roles import Capability
from audit.selectors import access_log_for_child
from audit.services import Action, ObjectType, access_log_record
from children import selectors
from children.access import child_capabilities, get_child_for_user
from children.models import Child
from children.roll_export import ROLL_COLUMNS, roll_entry, roll_row, with_roll_details
from children.roll_filters import RollFilterForm, apply_filters
from core.exports import FORMATS
from core.exports import render as render_export

PAGE_SIZE = 50


@require_GET
@require_capability(Capability.VIEW_CHILD)
def child_list(request):
    """The roll: children on the roll on a day that this user may see, filtered and sorted."""
    form = RollFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    day = form.day()
    qs = apply_filters(Child.objects.visible_to(request.user), data, day, request.user)
    if request.GET.get("export") in FORMATS:
        return _export(request, qs, day, request.GET["export"])
    page = Paginator(with_roll_details(qs), PAGE_SIZE).get_page(request.GET.get("page"))
    access_log_record(
        action=Action.VIEW,
        actor=request.user,
        request=request,
        object_type=ObjectType.CHILD_LIST,
        object_id=f"page {page.number}",
    )
    entries = [roll_entry(child, day) for child in page.object_list]
    return render(
        request,
        "children/list.html",
        {
            "page": page,
            "entries": entries,
            "form": form,
            "day": day,
            "query_string": _query_without(request, "page", "sort", "export"),
            "sort": data.get("sort") or "name",
        },
    )


def _export(request, qs, day, fmt):
    rows = (roll_row(child, day) for child in with_roll_details(qs).order_by("la_child_id"))
    data = render_export(fmt, ROLL_COLUMNS, rows, title=f"Roll {day}")
    access_log_record(
        action=Action.EXPORT,
        actor=request.user,
        request=request,
        object_type=ObjectType.ROLL,
        object_id=f"{day} {fmt}",
    )
    response = HttpResponse(data, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="roll-{day}.{fmt}"'
    return response


def _query_without(request, *names) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


@require_GET
def child_detail(request, pk):
    child = get_child_for_user(request.user, pk, request=request)
    access_log_record(
        action=Action.VIEW,
        actor=request.user,
        request=request,
        object_type=ObjectType.CHILD,
        object_id=child.pk,
    )
    caps = child_capabilities(request.user, child)
    context = {
        "child": child,
        "can_see_health": Capability.VIEW_HEALTH in caps,
        "can_see_postcodes": Capability.VIEW_POSTCODES in caps,
        "can_see_access_log": Capability.VIEW_ACCESS_LOG in caps,
        "episode": selectors.child_current_episode(child=child),
        "education": selectors.child_current_education(child=child),
        "relationships": selectors.child_relationships(child=child),
        "sdq": selectors.child_latest_sdq(child=child) if Capability.VIEW_HEALTH in caps else None,
    }
    return render(request, "children/detail.html", context)


@require_GET
def child_access_log(request, pk):
    child = get_child_for_user(request.user, pk, request=request)
    if Capability.VIEW_ACCESS_LOG not in child_capabilities(request.user, child):
        raise PermissionDenied
    access_log_record(
        action=Action.VIEW,
        actor=request.user,
        request=request,
        object_type=ObjectType.ACCESS_LOG,
        object_id=child.pk,
    )
    page = Paginator(access_log_for_child(child_id=child.pk), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "children/access_log.html", {"child": child, "page": page})
