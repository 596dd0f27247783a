"""The advisor's pages: the log (open, overdue, closed), a new request, a request with its
answer, follow-ups, close and history, and the year's figures."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.roles import Capability
from accounts.selectors import la_ids_with
from advice import services
from advice.access import advice_la_ids, get_request_for_user, requests_for
from advice.figures import advice_section
from advice.forms import AdviceEventForm, AdviceRequestForm, AnswerForm, CloseForm
from advice.rules import working_days_left
from audit.services import Action, ObjectType, access_log_record
from authorities.models import LocalAuthority
from children.roll.rules import school_year
from core.forms import add_validation_errors, saved
from reports.figures import secondary_suppression
from reports.periods import year_period
from schools.models import School

PAGE_SIZE = 50
SHOWS = {"open": "Open", "overdue": "Overdue", "closed": "Closed"}


@require_GET
def request_list(request):
    if not advice_la_ids(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    show = request.GET.get("show", "open")
    show = show if show in SHOWS else "open"
    found = requests_for(request.user)
    if show == "closed":
        found = found.filter(closed_on__isnull=False).order_by("-closed_on", "-pk")
    else:
        found = found.filter(closed_on__isnull=True)
        if show == "overdue":
            found = found.filter(first_answered_on__isnull=True, due_on__lt=today)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    lefts = [(r, working_days_left(r.due_on, today)) for r in page.object_list]
    context = {
        "rows": [(r, left, -left) for r, left in lefts],  # days left, and days late
        "page": page,
        "show": show,
        "shows": SHOWS,
        "show_label": SHOWS[show],
        "query_string": f"show={show}",
    }
    return render(request, "advice/list.html", context)


@require_http_methods(["GET", "POST"])
def request_new(request):
    la = _the_la(request)
    form = AdviceRequestForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        received_on, urn = data.pop("received_on"), data.pop("urn")
        data["school"] = School.objects.filter(urn=urn).first() if urn else None
        try:
            if urn and data["school"] is None:
                raise ValidationError({"urn": "No school with that URN in the register."})
            made = services.advice_request_create(
                la=la, data=data, received_on=received_on, actor=request.user
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, f"Request {made.reference} logged.")
            return redirect("advice:detail", pk=made.pk)
    return render(request, "advice/new.html", {"form": form, "la": la})


def _the_la(request):
    ids = advice_la_ids(request.user)
    if not ids:
        raise PermissionDenied
    return LocalAuthority.objects.get(pk=ids[0])


@require_http_methods(["GET", "POST"])
def request_detail(request, pk):
    advice = get_request_for_user(request.user, pk)
    do = request.POST.get("do", "")
    forms = _forms(request, advice, do)
    if request.method == "POST":
        if do not in forms:
            return HttpResponseBadRequest("Unknown action")
        if forms[do].is_valid() and _act(request, advice, do, forms[do]):
            return redirect("advice:detail", pk=advice.pk)
    access_log_record(
        action=Action.VIEW,
        actor=request.user,
        request=request,
        object_type=ObjectType.PAGE,
        object_id=f"advice {advice.reference}",
    )
    today = timezone.localdate()
    context = {
        "r": advice,
        "days_left": working_days_left(advice.due_on, today),
        "events": advice.events.select_related("event", "by"),
        "changes": advice.history.select_related("history_user").order_by("-history_date")[:50],
        "forms": forms,
        "page_errors": any(f.errors for f in forms.values()),
    }
    return render(request, "advice/detail.html", context)


def _forms(request, advice, do) -> dict:
    from events.models import Event

    data = request.POST if request.method == "POST" else None
    bound = lambda name: data if do == name else None  # noqa: E731
    events = Event.objects.filter(la_id=advice.la_id).order_by("-starts_at")
    today = timezone.localdate()
    return {
        "answer": AnswerForm(
            bound("answer"),
            auto_id="id_a_%s",
            initial={"day": today, "advice": advice.advice, "signposted_to": advice.signposted_to},
        ),
        "event": AdviceEventForm(
            bound("event"), events=events, auto_id="id_e_%s", initial={"day": today}
        ),
        "close": CloseForm(bound("close"), auto_id="id_c_%s", initial={"day": today}),
    }


def _act(request, advice, do, form) -> bool:
    return saved(request, form, lambda: _do(request, advice, do, form.cleaned_data))


def _do(request, advice, do, data) -> None:
    actor = request.user
    if do == "answer":
        services.advice_request_answer(
            request=advice,
            day=data["day"],
            advice=data["advice"],
            signposted_to=data["signposted_to"],
            actor=actor,
        )
    elif do == "event":
        services.advice_event_add(
            request=advice,
            kind=data["kind"],
            day=data["day"],
            note=data["note"],
            event=data["event"],
            actor=actor,
        )
    else:
        services.advice_request_close(request=advice, day=data["day"], actor=actor)


@require_GET
def figures(request):
    """The year's figures: unsuppressed for the advice team; for anyone else with cohort
    figures (a board member), small numbers suppressed as in the board's report."""
    la_ids = la_ids_with(request.user, Capability.VIEW_AGGREGATE) | set(advice_la_ids(request.user))
    la = LocalAuthority.objects.filter(pk__in=la_ids).order_by("name").first()
    if la is None:
        raise PermissionDenied
    this_year = school_year(timezone.localdate())
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= this_year else this_year
    section = advice_section(la, year_period(year))
    threshold = None if la.pk in advice_la_ids(request.user) else la.small_number_suppression
    if threshold:
        secondary_suppression([section], threshold)
    context = {
        "la": la,
        "section": section,
        "threshold": threshold,
        "year": year,
        "years": range(this_year, this_year - 5, -1),
    }
    return render(request, "advice/figures.html", context)
