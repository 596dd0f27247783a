"""The school search page: filters in a GET form, results paged, each school with who admits,
whether the council's guidance needs a reason, the distance and our children there; from a
case, a link to record an application to the school."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from authorities.models import LocalAuthority
from school_places.forms import SearchForm
from school_places.models import Postcode
from school_places.search import hits, postcode_point, search_schools
from school_places.selectors import get_case_for_user, officer_la_ids
from schools.models import School

PAGE_SIZE = 25


@require_GET
def school_search(request):
    la_ids = officer_la_ids(request.user)
    if not la_ids:
        raise PermissionDenied
    case = _case(request)
    la = case.la if case else LocalAuthority.objects.get(pk=la_ids[0])
    phases = School.objects.exclude(phase="").values_list("phase", flat=True).distinct()
    form = SearchForm(request.GET or None, phases=sorted(set(phases)))
    context = {"form": form, "case": case, "la": la, "searched": False}
    if form.is_bound and form.is_valid():
        point = _point(request, form.cleaned_data.get("postcode", ""))
        found = search_schools(form.cleaned_data, la, point)
        page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
        context |= {"searched": True, "page": page, "rows": hits(page.object_list, la)}
        context["distances"] = point is not None
        query = request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
    context["page_errors"] = bool(form.errors)
    return render(request, "school_places/search.html", context)


def _case(request):
    raw = request.GET.get("case", "")
    return get_case_for_user(request.user, int(raw)) if raw.isdigit() else None


def _point(request, postcode: str):
    if not postcode:
        return None
    point = postcode_point(postcode)
    if point is None:
        loaded = Postcode.objects.exists()
        messages.info(
            request,
            f"{postcode} is not in the postcode directory: schools are listed by name."
            if loaded
            else "The council has not loaded the ONS postcode directory, so there are no "
            "distances: search by LA and town.",
        )
    return point
