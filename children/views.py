from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.decorators import require_capability
from accounts.roles import Capability
from audit.selectors import access_log_for_child
from audit.services import Action, ObjectType, access_log_record
from children import selectors
from children.access import child_capabilities, get_child_for_user

PAGE_SIZE = 50


@require_GET
@require_capability(Capability.VIEW_CHILD)
def child_list(request):
    query = request.GET.get("q", "")[:100]
    qs = selectors.child_list(user=request.user, query=query)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    access_log_record(
        action=Action.VIEW,
        actor=request.user,
        request=request,
        object_type=ObjectType.CHILD_LIST,
        object_id=f"page {page.number}",
    )
    return render(request, "children/list.html", {"page": page, "query": query})


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
