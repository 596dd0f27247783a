"""The register of alternative provision, bespoke packages and part-time timetables: the
officers' list with its alerts, a new package for a child, and a package's reviews and end."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from audit.services import child_list_viewed
from children.access import get_child_for_user
from core.forms import add_validation_errors, saved
from school_places import services
from school_places.forms import EndForm, PackageForm, PackageReviewForm
from school_places.models import Package
from school_places.rules import package_flags
from school_places.selectors import (
    flagged_packages,
    get_package_for_user,
    officer_la_ids,
    packages_for,
)

PAGE_SIZE = 50


@require_GET
def package_list(request):
    if not officer_la_ids(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    found = packages_for(request.user).filter(ended_on__isnull=True)
    kind = request.GET.get("kind", "")
    if kind in Package.Kind.values:
        found = found.filter(kind=kind)
    if request.GET.get("alerts") == "1":
        found = flagged_packages(found, today)
    page = Paginator(found.order_by("review_on", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(p, package_flags(p, p.la, today)) for p in page.object_list]
    child_list_viewed(request, "education packages", [p.child_id for p, _ in rows])
    context = {
        "rows": rows,
        "page": page,
        "kind": kind,
        "kinds": Package.Kind.choices,
        "alerts": request.GET.get("alerts") == "1",
    }
    return render(request, "school_places/packages.html", context)


@require_http_methods(["GET", "POST"])
def package_new(request, child_pk):
    child = get_child_for_user(request.user, child_pk, request=request)
    if child.la_id not in officer_la_ids(request.user):
        raise PermissionDenied
    form = PackageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            package = services.package_add(child=child, data=form.cleaned_data, actor=request.user)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "Package recorded.")
            return redirect("school_places:package", pk=package.pk)
    return render(request, "school_places/package_new.html", {"child": child, "form": form})


@require_http_methods(["GET", "POST"])
def package_detail(request, pk):
    package = get_package_for_user(request.user, pk)
    do = request.POST.get("do", "")
    data = request.POST if request.method == "POST" else None
    forms = {
        "review": PackageReviewForm(data if do == "review" else None, auto_id="id_review_%s"),
        "end": EndForm(data if do == "end" else None, auto_id="id_end_%s"),
    }
    if data is not None:
        if do not in forms:
            return HttpResponseBadRequest("Unknown action")
        if forms[do].is_valid() and _act(request, package, do, forms[do]):
            return redirect("school_places:package", pk=package.pk)
    child_list_viewed(request, f"education package {package.pk}", [package.child_id])
    context = {
        "package": package,
        "flags": package_flags(package, package.la, timezone.localdate()),
        "forms": forms,
        "page_errors": any(f.errors for f in forms.values()),
    }
    return render(request, "school_places/package.html", context)


def _act(request, package, do, form) -> bool:
    return saved(request, form, lambda: _do(request, package, do, form.cleaned_data))


def _do(request, package, do, data) -> None:
    actor = request.user
    if do == "review":
        services.package_review(
            package=package,
            reviewed_on=data["reviewed_on"],
            next_review_on=data["next_review_on"],
            hours_a_week=data["hours_a_week"],
            actor=actor,
        )
    else:
        services.package_end(package=package, day=data["day"], actor=actor)
