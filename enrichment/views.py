"""Enrichment pages: the programme, an activity (the booker's form, the register, the
evaluation; a partner's staff see only enrichment.rules.partner_view of each child), a child's
media consent, and the post-16 monthly check. Writes through enrichment.services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from audit.services import child_list_viewed
from authorities.models import LocalAuthority
from children.access import get_child_for_user
from children.models import Child
from core.forms import add_validation_errors
from enrichment import services
from enrichment.access import (
    activities_for,
    enrichment_la_ids,
    get_activity_for_user,
    is_partner_staff,
    may_book,
    may_manage,
)
from enrichment.forms import (
    ActivityForm,
    AttendForm,
    ChildBookingForm,
    ChildEvaluationForm,
    ConsentForm,
    WithdrawForm,
)
from enrichment.models import Booking
from enrichment.rules import consent_on, partner_view, register_day
from enrichment.selectors import bookable_children


@require_GET
def activity_list(request):
    found = activities_for(request.user).select_related("partner")
    if not found.exists() and not enrichment_la_ids(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    context = {
        "upcoming": found.filter(ends_on__gte=today).order_by("starts_on")[:100],
        "past": found.filter(ends_on__lt=today)[:50],
        "manager": bool(enrichment_la_ids(request.user)),
    }
    return render(request, "enrichment/list.html", context)


@require_http_methods(["GET", "POST"])
def activity_edit(request, pk=None):
    ids = enrichment_la_ids(request.user)
    if not ids:
        raise PermissionDenied
    activity = get_activity_for_user(request.user, pk) if pk else None
    if activity is not None and not may_manage(request.user, activity.la_id):
        raise PermissionDenied
    la = (
        activity.la
        if activity
        else LocalAuthority.objects.filter(pk__in=ids).order_by("name").first()
    )
    form = ActivityForm(request.POST or None, instance=activity, la=la)
    if request.method == "POST" and form.is_valid():
        made = form.save(commit=False)
        made.la = la
        try:
            services.activity_save(activity=made, actor=request.user)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "Activity saved.")
            return redirect("enrichment:detail", pk=made.pk)
    return render(request, "enrichment/edit.html", {"form": form, "activity": activity})


@require_http_methods(["GET", "POST"])
def activity_detail(request, pk):
    activity = get_activity_for_user(request.user, pk)
    manager = may_manage(request.user, activity.la_id)
    partner = is_partner_staff(request.user, activity)
    bookings = _bookings(request.user, activity, manager, partner)
    do = request.POST.get("do", "")
    forms = _forms(request, activity, bookings, do)
    if request.method == "POST":
        if do not in forms:
            return HttpResponseBadRequest("Unknown action")
        if forms[do].is_valid() and _act(request, activity, do, forms[do]):
            return redirect("enrichment:detail", pk=activity.pk)
    child_list_viewed(request, f"enrichment activity {activity.pk}", [b.child_id for b in bookings])
    day = register_day(activity, timezone.localdate())
    rows = [(b, partner_view(b, day)) for b in bookings]
    context = {
        "activity": activity,
        "rows": rows,
        "manager": manager,
        "partner": partner,
        "forms": forms,
        "page_errors": any(f.errors for f in forms.values()),
        "booked": sum(b.status == "booked" for b in activity.bookings.all()),
    }
    return render(request, "enrichment/detail.html", context)


def _bookings(user, activity, manager: bool, partner: bool) -> list[Booking]:
    """The register: all of it for the programme's staff and the partner running it; a booker
    sees only the children they may see."""
    live = activity.bookings.exclude(status=Booking.Status.CANCELLED).select_related(
        "child", "evaluation"
    )
    if manager or partner:
        found = list(live)
    else:
        visible = set(Child.objects.visible_to(user).values_list("pk", flat=True))
        found = [b for b in live if b.child_id in visible]
    for b in found:  # the label a partner may see: never the full name
        b.label = (
            b.child.display_name
            if not partner or manager
            else (b.child.preferred_name or b.child.forename)
        )
    return found


def _forms(request, activity, bookings, do) -> dict:
    data = request.POST if request.method == "POST" else None
    bound = lambda name: data if do == name else None  # noqa: E731
    children = bookable_children(request.user, activity)
    booked = [b for b in bookings if b.status == Booking.Status.BOOKED]
    came = [b for b in booked if b.attended]
    return {
        "book": ChildBookingForm(bound("book"), children=children, auto_id="id_b_%s"),
        "cancel": _choice(bound("cancel"), bookings, "id_x_%s"),
        "attend": AttendForm(bound("attend"), bookings=booked, auto_id="id_a_%s"),
        "evaluate": ChildEvaluationForm(bound("evaluate"), bookings=came, auto_id="id_e_%s"),
    }


def _choice(data, bookings, auto_id):
    from enrichment.forms import BookingChoiceForm

    return BookingChoiceForm(data, bookings=bookings, auto_id=auto_id)


def _act(request, activity, do, form) -> bool:
    data, actor = form.cleaned_data, request.user
    try:
        if do == "book":
            child = get_child_for_user(actor, data["child"], request=request)
            made = services.booking_make(
                activity=activity,
                child=child,
                needs_shared=data["needs_shared"],
                emergency_contact=data["emergency_contact"],
                actor=actor,
            )
            messages.success(
                request, "Booked." if made.status == "booked" else "On the waiting list."
            )
            return True
        booking = activity.bookings.get(pk=data["booking"])
        if do == "cancel":
            services.booking_cancel(booking=booking, actor=actor)
        elif do == "attend":
            services.attendance_record(booking=booking, attended=data["attended"], actor=actor)
        else:
            fields = ("wellbeing_before", "wellbeing_after", "child_words")
            services.evaluation_save(
                booking=booking, data={f: data[f] for f in fields}, actor=actor
            )
    except ValidationError as exc:
        add_validation_errors(form, exc)
        return False
    messages.success(request, "Saved.")
    return True


@require_http_methods(["GET", "POST"])
def consent(request, child_pk):
    child = get_child_for_user(request.user, child_pk, request=request)
    if not may_book(request.user, child):
        raise PermissionDenied
    do = request.POST.get("do", "")
    data = request.POST if request.method == "POST" else None
    forms = {
        "give": ConsentForm(data if do == "give" else None, auto_id="id_g_%s"),
        "withdraw": WithdrawForm(data if do == "withdraw" else None, auto_id="id_w_%s"),
    }
    now = consent_on(child, timezone.localdate())
    if data is not None and do in forms and forms[do].is_valid():
        try:
            if do == "give":
                services.consent_record(
                    child=child, data=forms[do].cleaned_data, actor=request.user
                )
            elif now is not None:
                services.consent_withdraw(
                    consent=now, day=forms[do].cleaned_data["day"], actor=request.user
                )
        except ValidationError as exc:
            add_validation_errors(forms[do], exc)
        else:
            messages.success(request, "Saved.")
            return redirect("enrichment:consent", child_pk=child.pk)
    context = {
        "child": child,
        "now": now,
        "forms": forms,
        "history": child.media_consents.all(),
        "page_errors": any(f.errors for f in forms.values()),
    }
    return render(request, "enrichment/consent.html", context)
