"""Event pages: the programme with booking, setting up an event, the register, certificates,
evaluations and figures. Writes through events.services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import require_capability
from accounts.roles import Capability
from accounts.selectors import la_ids_with
from core.forms import add_validation_errors
from core.pdf import print_css, tagged_pdf
from events import selectors, services
from events.access import may_book
from events.forms import EvaluationForm, EventForm
from events.models import Booking, Event
from schools.views import _la_of


@require_GET
def event_list(request):
    events = selectors.events_visible_to(request.user)
    now = timezone.now()
    mine = {b.event_id: b for b in Booking.objects.filter(user=request.user)}
    upcoming = [
        (e, mine.get(e.pk), may_book(request.user, e)) for e in events.filter(ends_at__gte=now)
    ]
    attended = [b for b in mine.values() if b.attended]
    nothing = not upcoming and not attended and not selectors.may_run_events(request.user)
    if nothing and not events.exists():
        raise PermissionDenied  # a role with no part in events (a carer, a board member)
    context = {
        "upcoming": upcoming,
        "attended": attended,
        "can_run": selectors.may_run_events(request.user),
    }
    return render(request, "events/list.html", context)


@require_http_methods(["GET", "POST"])
@require_capability(Capability.WORK_WITH_SCHOOLS)
def event_new(request):
    la = _la_of(request.user, Capability.WORK_WITH_SCHOOLS)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_save(event=Event(la=la, **form.event_data()), actor=request.user)
        except ValidationError as exc:
            add_validation_errors(form, exc, rename={"starts_at": "starts", "ends_at": "ends"})
        else:
            messages.success(request, f"{event.title} added.")
            return redirect("events:detail", pk=event.pk)
    return render(request, "events/form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def event_detail(request, pk):
    event = selectors.get_event_for_user(request.user, pk)
    staff = event.la_id in la_ids_with(request.user, Capability.WORK_WITH_SCHOOLS)
    if request.method == "POST":
        if not staff:
            raise PermissionDenied
        return _register(request, event)
    booking = event.bookings.filter(user=request.user, cancelled_at__isnull=True).first()
    context = {
        "event": event,
        "staff": staff,
        "booking": booking,
        "bookings": selectors.live_bookings(event) if staff else [],
        "can_book": may_book(request.user, event) and not booking,
        "register_open": timezone.localdate(event.starts_at) <= timezone.localdate(),
    }
    return render(request, "events/detail.html", context)


def _register(request, event: Event):
    came = {int(i) for i in request.POST.getlist("attended") if i.isdigit()}
    try:
        count = services.register_take(event=event, attended=came, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Register saved: {count} attended.")
    return redirect("events:detail", pk=event.pk)


@require_POST
def event_book(request, pk):
    event = selectors.get_event_for_user(request.user, pk)
    try:
        services.event_book(event=event, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"You have a place at {event.title}.")
    return redirect("events:detail", pk=event.pk)


@require_POST
def booking_cancel(request, pk):
    event = selectors.get_event_for_user(request.user, pk)
    booking = event.bookings.filter(user=request.user, cancelled_at__isnull=True).first()
    if booking is None:
        raise Http404("No booking to cancel")
    services.booking_cancel(booking=booking, actor=request.user)
    messages.success(request, "Your place is cancelled.")
    return redirect("events:list")


def _attended(request, pk) -> Booking:
    booking = Booking.objects.filter(event_id=pk, user=request.user, attended=True).first()
    if booking is None:
        raise Http404("You did not attend this event")
    return booking


@require_GET
def certificate(request, pk):
    """A tagged PDF certificate for someone who attended (their own only)."""
    booking = _attended(request, pk)
    html = render_to_string(
        "events/certificate.html",
        {"booking": booking, "event": booking.event, "inline_css": print_css()},
    )
    response = HttpResponse(tagged_pdf(html, uncompressed=True), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-event-{pk}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def evaluation(request, pk):
    booking = _attended(request, pk)
    form = EvaluationForm(
        request.POST or None,
        initial={"usefulness": booking.usefulness, "takeaway": booking.takeaway},
    )
    if request.method == "POST" and form.is_valid():
        services.booking_evaluate(
            booking=booking,
            usefulness=int(form.cleaned_data["usefulness"]),
            takeaway=form.cleaned_data["takeaway"],
            actor=request.user,
        )
        messages.success(request, "Thank you: your evaluation is saved.")
        return redirect("events:list")
    return render(request, "events/evaluation.html", {"form": form, "event": booking.event})


@require_GET
@require_capability(Capability.WORK_WITH_SCHOOLS)
def figures(request):
    la = _la_of(request.user, Capability.WORK_WITH_SCHOOLS)
    found = selectors.event_figures(la, timezone.localdate())
    return render(request, "events/figures.html", {"la": la, "figures": found})
