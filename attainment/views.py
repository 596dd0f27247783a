from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from attainment.measures import ks2_expected_rwm, ks4
from audit.services import ObjectType
from children.access import get_child_for_user


@require_GET
def child_attainment(request, pk):
    child = get_child_for_user(request.user, pk, request=request, what=ObjectType.ATTAINMENT)
    results = list(child.assessment_results.all())
    context = {
        "child": child,
        "results": results,
        "ks2_rwm": ks2_expected_rwm(results),
        "ks4": ks4(results),
    }
    return render(request, "attainment/child.html", context)
