"""Post-16: every young person in Years 12 and 13 the user may see, with this month's check
(NEET first), and the monthly check itself."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
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


def post16_children(user, day):
    """Years 12 and 13 on the roll: the advisor's own caseload, or the whole LA for the VSH,
    team managers and the programme's staff."""
    found = Child.objects.visible_to(user).on_roll(day).filter(nc_year_q([12, 13], day))
    if not enrichment_la_ids(user):
        found = found.filter(education_support_advisor=user)
    return found.order_by("surname", "forename", "la_child_id")


@require_GET
def post16_list(request):
    today = timezone.localdate()
    children = list(post16_children(request.user, today)[:500])
    if not children and not enrichment_la_ids(request.user):
        raise PermissionDenied
    checks = {
        c.child_id: c
        for c in Post16Check.objects.filter(child__in=children, month=today.replace(day=1))
    }
    rows = sorted(
        ((c, checks.get(c.pk)) for c in children),
        key=lambda r: (not (r[1] and r[1].activity == "neet"), r[1] is not None),
    )
    child_list_viewed(request, "post-16 activity", [c.pk for c in children])
    neet = sum(1 for _, c in rows if c and c.activity == "neet")
    return render(request, "enrichment/post16.html", {"rows": rows, "neet": neet, "today": today})


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
