"""Post-16: every young person in Years 12 and 13 the user may see, with this month's check
(NEET first), and the monthly check itself."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, OuterRef, Subquery, Value, When
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from audit.services import child_list_viewed
from children.access import child_roles, get_child_for_user
from children.models import Child
from children.roll.rules import nc_year_q
from core.forms import add_validation_errors
from enrichment import services
from enrichment.access import enrichment_la_ids
from enrichment.forms import Post16Form
from enrichment.models import Post16Check
from enrichment.services import POST16_CHECKERS
from post16.access import staff_la_ids


def post16_children(user, day):
    """Years 12 and 13 on the roll: the advisor's own caseload, or the whole LA for the VSH,
    team managers and the programme's staff."""
    found = Child.objects.visible_to(user).on_roll(day).filter(nc_year_q([12, 13], day))
    if not enrichment_la_ids(user):
        found = found.filter(education_support_advisor=user)
    return found.order_by("surname", "forename", "la_child_id")


PAGE_SIZE = 50


def post16_rows(user, today):
    """NEET this month first, then not checked yet, then the rest: ordered in the database so
    the list pages at any size."""
    this_month = Post16Check.objects.filter(child=OuterRef("pk"), month=today.replace(day=1))
    found = post16_children(user, today).annotate(
        this_month=Subquery(this_month.values("activity")[:1])
    )
    order = Case(
        When(this_month="neet", then=Value(0)),
        When(this_month__isnull=True, then=Value(1)),
        default=Value(2),
    )
    return found.annotate(neet_first=order).order_by(
        "neet_first", "surname", "forename", "la_child_id"
    )


def _neet_this_month(user, today) -> int:
    """Of those listed, how many this month's check says are NEET, counted from the month's
    checks. Filtering the list on its per-child subquery misled PostgreSQL's estimate: it
    probed the children once per open care episode, 76 ms and 15 ms of JIT compiling at
    25,410 children on the roll, against 5 ms this way."""
    return Post16Check.objects.filter(
        month=today.replace(day=1),
        activity=Post16Check.Activity.NEET,
        child__in=post16_children(user, today).values("pk"),
    ).count()


@require_GET
def post16_list(request):
    if not enrichment_la_ids(request.user) and not staff_la_ids(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    found = post16_rows(request.user, today)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    children = list(page)
    checks = {
        c.child_id: c
        for c in Post16Check.objects.filter(child__in=children, month=today.replace(day=1))
    }
    child_list_viewed(request, "post-16 activity", [c.pk for c in children])
    neet = _neet_this_month(request.user, today)
    context = {
        "rows": [(c, checks.get(c.pk)) for c in children],
        "page": page,
        "neet": neet,
        "today": today,
        "may_ask": bool(staff_la_ids(request.user)),
    }
    return render(request, "enrichment/post16.html", context)


@require_http_methods(["GET", "POST"])
def post16_check(request, child_pk):
    child = get_child_for_user(request.user, child_pk, request=request)
    if not (
        child.la_id in enrichment_la_ids(request.user)
        or child_roles(request.user, child) & POST16_CHECKERS
    ):
        raise PermissionDenied
    today = timezone.localdate()
    form = Post16Form(request.POST or None, initial={"checked_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            services.post16_check_record(
                child=child, month=today, data=form.cleaned_data, actor=request.user
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "This month's check is saved.")
            return redirect("enrichment:post16")
    history = child.post16_checks.all()[:12]
    return render(
        request, "enrichment/post16_check.html", {"child": child, "form": form, "history": history}
    )
