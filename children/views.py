from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import require_capability
from accounts.roles import LA_SCOPED_ROLES, Capability, Role
from accounts.selectors import la_ids_with, la_ids_with_whole_roll, user_roles
from attendance.child_page import attendance_summary
from audit.selectors import access_log_for_child
from audit.services import Action, ObjectType, access_log_record
from children import selectors
from children.access import child_capabilities, child_roles, get_child_for_user, get_child_with
from children.caseloads import advisors_for, caseload_children, caseload_reassign
from children.data_quality import CHECKS
from children.forms import Ks4MoveForm, PlacementEndForm, PlacementStartForm
from children.kept_no_place import NO_PLACE_ROLES, no_place_for
from children.ks4_moves import ks4_move_record, ks4_moves
from children.models import Child
from children.roll.cohort import cohort
from children.roll.export import ROLL_COLUMNS, roll_rows
from children.roll.filters import RollFilterForm, apply_filters
from children.roll.loader import entries_for
from children.roll.rules import (
    TEAM_14_19,
    TEAM_EARLY_YEARS_KS3,
    key_stage,
    team_for,
    team_q,
)
from children.services import (
    education_placement_move_to_successor,
    education_placement_start,
    placement_end,
)
from core.exports import FORMATS, download
from core.forms import add_validation_errors
from peps.compliance import due_now

PAGE_SIZE = 50
TEAMS = {"ey_ks3": TEAM_EARLY_YEARS_KS3, "14_19": TEAM_14_19}
PAGE_SIZES = {"25", "50", "100", "200"}


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
    per_page = request.GET.get("per_page", "")
    per_page = int(per_page) if per_page in PAGE_SIZES else PAGE_SIZE
    page = Paginator(qs.select_related("la"), per_page).get_page(request.GET.get("page"))
    access_log_record(
        action=Action.VIEW,
        actor=request.user,
        request=request,
        object_type=ObjectType.CHILD_LIST,
        object_id=f"roll page {page.number}",
        children=[c.pk for c in page.object_list],
    )
    entries = entries_for(list(page.object_list), day)
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
    rows = roll_rows(qs, day)
    access_log_record(
        action=Action.EXPORT,
        actor=request.user,
        request=request,
        object_type=ObjectType.ROLL,
        object_id=f"{day} {fmt}",
        children=qs.values_list("pk", flat=True),
    )
    return download(fmt, ROLL_COLUMNS, rows, title=f"Roll {day}", stem=f"roll-{day}")


def _query_without(request, *names) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


@require_GET
def child_detail(request, pk):
    child = get_child_for_user(request.user, pk, request=request)
    caps = child_capabilities(request.user, child)
    health = Capability.VIEW_HEALTH in caps
    today = timezone.localdate()
    this_child = Child.objects.visible_to(request.user).filter(pk=child.pk)
    [entry] = entries_for([child], today, peps=True)
    on_roll = this_child.on_roll(today).exists()
    context = {
        "child": child,
        "entry": entry,
        "on_roll": on_roll,
        "key_stage": key_stage(entry.nc_year),
        "team": team_for(entry.nc_year),
        "since": entry.looked_after_since,
        "flags": selectors.child_flags(child=child, entry=entry, on_roll=on_roll),
        "can_see_health": health,
        "can_see_postcodes": Capability.VIEW_POSTCODES in caps,
        "can_see_access_log": Capability.VIEW_ACCESS_LOG in caps,
        "can_record_placements": Capability.RECORD_PLACEMENTS in caps,
        "episodes": child.episodes.order_by("-started_on"),
        "placements": child.education_placements.select_related("school").order_by("-started_on"),
        "teachers": selectors.designated_teachers_at(
            entry.placement.school if entry.placement else None
        ),
        "relationships": selectors.child_relationships(child=child),
        "notifications": child.school_notifications.select_related("school")[:20],
        "sdq": selectors.child_latest_sdq(child=child) if health else None,
        "missing": child.missing_episodes.all()[:10] if health else [],
        **attendance_summary(child, today),
        "pep_due": due_now(child, today, history=entry),
        **_school_place(request.user, child, today),
    }
    return render(request, "children/detail.html", context)


def _school_place(user, child, today) -> dict:
    """The open school place case (to those who may see it) and whether they may refer."""
    from school_places.access import may_refer
    from school_places.rules import school_days_open
    from school_places.selectors import cases_visible_to

    case = cases_visible_to(user).filter(child=child, closed_on__isnull=True).first()
    age = school_days_open(case.la, case.opened_on, today) if case else None
    context = {"place_case": case, "place_case_age": age, "can_refer": may_refer(user, child)}
    return context | _packages_and_transfers(user, child, today) | _enrichment(user, child, today)


def _enrichment(user, child, today) -> dict:
    """What the child has taken part in, the media consent in force, and (Years 12 and 13)
    this month's post-16 check: for those who may book the child and the Virtual School."""
    from enrichment.access import may_book
    from enrichment.rules import consent_on

    if not may_book(user, child):
        return {}
    bookings = child.enrichment.exclude(status="cancelled").select_related("activity")
    return {
        "enrichment": list(bookings.order_by("-activity__starts_on")[:20]),
        "media_consent": consent_on(child, today),
        "may_book_enrichment": True,
        "post16_check": child.post16_checks.order_by("-month").first(),
    }


def _packages_and_transfers(user, child, today) -> dict:
    """Alternative provision, part-time timetables and EHCP transfers: the Virtual School's
    staff and the child's social worker see them; the officers record them."""
    from school_places.rules import package_flags
    from school_places.selectors import officer_la_ids

    if not child_roles(user, child) & (LA_SCOPED_ROLES | {"social_worker"}):
        return {}
    packages = [(p, package_flags(p, child.la, today)) for p in child.education_packages.all()]
    return {
        "packages": packages,
        "ehcp_transfers": list(child.ehcp_transfers.all()),
        "places_officer": child.la_id in officer_la_ids(user),
    }


@require_GET
def child_access_log(request, pk):
    child = get_child_with(
        request.user, pk, Capability.VIEW_ACCESS_LOG, request=request, what=ObjectType.ACCESS_LOG
    )
    page = Paginator(access_log_for_child(child_id=child.pk), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "children/access_log.html", {"child": child, "page": page})


@require_GET
def child_letter(request, pk, notification_pk):
    """The printable letter telling a headteacher a looked-after child is on their roll."""
    child = get_child_for_user(request.user, pk, request=request, action=Action.EXPORT)
    if not child_roles(request.user, child) & LA_SCOPED_ROLES:
        raise PermissionDenied  # letters go out from the Virtual School itself
    notification = get_object_or_404(
        child.school_notifications.select_related("school", "placement"),
        pk=notification_pk,
        method="letter",
    )
    return render(request, "children/letter.html", {"child": child, "n": notification})


@require_GET
def no_place_list(request):
    if not user_roles(request.user) & NO_PLACE_ROLES:
        raise PermissionDenied
    alerts = no_place_for(request.user, timezone.localdate())
    page = Paginator(alerts, PAGE_SIZE).get_page(request.GET.get("page"))
    access_log_record(action=Action.VIEW, actor=request.user, request=request,
                      object_type=ObjectType.CHILD_LIST, object_id="no school place",
                      children=[a.child.pk for a in page])  # fmt: skip
    officer = bool(la_ids_with(request.user, Capability.MANAGE_SCHOOL_PLACES))
    return render(request, "children/no_place.html", {"page": page, "can_open_cases": officer})


@require_GET
@require_capability(Capability.IMPORT_DATA)
def data_quality(request):
    lists = selectors.data_quality(user=request.user, day=timezone.localdate())
    checks = [(key, check, lists[key]().count()) for key, check in CHECKS.items()]
    _log_data_quality(request, "data quality", [])
    return render(request, "children/data_quality.html", {"checks": checks})


@require_GET
@require_capability(Capability.IMPORT_DATA)
def data_quality_check(request, key):
    if key not in CHECKS:
        raise Http404
    found = selectors.data_quality(user=request.user, day=timezone.localdate())[key]()
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = selectors.with_successors(page.object_list) if key == "closed" else page.object_list
    rows = [CHECKS[key].row(item) for item in shown]
    _log_data_quality(request, f"data quality {key}", [r.child_pk for r in rows])
    context = {"check": CHECKS[key], "key": key, "page": page, "rows": rows}
    return render(request, "children/data_quality_check.html", context)


def _log_data_quality(request, what: str, children: list[int]) -> None:
    access_log_record(action=Action.VIEW, actor=request.user, request=request,
                      object_type=ObjectType.CHILD_LIST, object_id=what,
                      children=children)  # fmt: skip


@require_http_methods(["GET", "POST"])
@require_capability(Capability.MANAGE_CASELOADS)
def caseloads(request):
    today = timezone.localdate()
    children = caseload_children(actor=request.user)
    advisors = list(advisors_for(la_ids_with(request.user, Capability.MANAGE_CASELOADS)))
    if request.method == "POST":
        return _reassign(request, children, advisors)
    on_roll = children.on_roll(today)
    shown = _caseload_filter(on_roll, request.GET, today)
    # The advisor with each child: the page names them (a query a row before).
    shown = shown.select_related("la", "education_support_advisor")
    page = Paginator(shown.order_by("surname", "forename", "pk"), PAGE_SIZE)
    page = page.get_page(request.GET.get("page"))
    counts = dict(
        on_roll.values_list("education_support_advisor").annotate(n=Count("pk")).order_by()
    )
    return render(
        request,
        "children/caseloads.html",
        {
            "page": page,
            "entries": entries_for(list(page.object_list), today),
            "advisors": [(a, counts.get(a.pk, 0)) for a in advisors],
            "unallocated": counts.get(None, 0),
            "filters": request.GET,
            "query_string": _query_without(request, "page"),
        },
    )


def _caseload_filter(qs, params, day):
    advisor = params.get("advisor", "")
    if advisor == "none":
        qs = qs.filter(education_support_advisor__isnull=True)
    elif advisor.isdigit():
        qs = qs.filter(education_support_advisor_id=int(advisor))
    if params.get("team") in TEAMS:
        qs = qs.filter(team_q(TEAMS[params["team"]], day))
    if params.get("overlay") == "yes":
        qs = qs.filter(send_wellbeing_overlay=True)
    return qs


def _reassign(request, children, advisors):
    ids = [int(i) for i in request.POST.getlist("child") if i.isdigit()]
    target = request.POST.get("advisor", "")
    advisor = next((a for a in advisors if str(a.pk) == target), None)
    if not ids or (advisor is None and target != "none"):
        messages.error(request, "Choose at least one child and who should hold them.")
        return redirect(f"{request.path}?{request.POST.get('return_query', '')}")
    try:
        changed = caseload_reassign(
            children=children.filter(pk__in=ids), advisor=advisor, actor=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        who = advisor.get_full_name() if advisor else "nobody (unallocated)"
        messages.success(
            request, f"{changed} {'child' if changed == 1 else 'children'} moved to {who}."
        )
    return redirect(f"{request.path}?{request.POST.get('return_query', '')}")


@require_GET
@require_capability(Capability.VIEW_AGGREGATE)
@require_capability(Capability.VIEW_CHILD)  # named-child counts; the board's reports come later
def cohort_view(request):
    form = RollFilterForm(request.GET or None)
    day = form.day()
    children = Child.objects.visible_to(request.user)
    access_log_record(
        action=Action.VIEW,
        actor=request.user,
        request=request,
        object_type=ObjectType.CHILD_LIST,
        object_id=f"cohort {day}",
    )
    found = cohort(children, day, whole=la_ids_with_whole_roll(request.user))
    return render(request, "children/cohort.html", {"cohort": found, "day": day})


def _child_for_placements(request, pk):
    return get_child_with(request.user, pk, Capability.RECORD_PLACEMENTS, request=request)


@require_POST
@require_capability(Capability.IMPORT_DATA)
def placement_to_successor(request, pk, placement_pk):
    """The data-quality page's one click: a placement at a replaced school goes to the successor."""
    child = _child_for_placements(request, pk)
    placement = get_object_or_404(child.education_placements, pk=placement_pk, ended_on=None)
    try:
        moved = education_placement_move_to_successor(placement=placement, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{child.la_child_id}'s placement moved to {moved.school}.")
    return redirect("children:data_quality_check", key="closed")


@require_http_methods(["GET", "POST"])
def placement_new(request, pk):
    child = _child_for_placements(request, pk)
    form = PlacementStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            education_placement_start(
                child=child,
                provision_type=data["provision_type"],
                school=data["school"],
                started_on=data["started_on"],
                nc_year=data["nc_year"],
                attendance_pattern=data["attendance_pattern"],
                hours_per_week=data["hours_per_week"],
                is_dual_registered=data["is_dual_registered"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "Placement recorded. The school has been told.")
            return redirect("children:detail", pk=child.pk)
    return render(
        request,
        "children/placement_form.html",
        {"child": child, "form": form, "title": "Record a new education placement"},
    )


@require_http_methods(["GET", "POST"])
def placement_end_view(request, pk, placement_pk):
    child = _child_for_placements(request, pk)
    placement = get_object_or_404(child.education_placements, pk=placement_pk, ended_on=None)
    form = PlacementEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            placement_end(
                placement=placement,
                ended_on=form.cleaned_data["ended_on"],
                end_reason=form.cleaned_data["end_reason"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "Placement ended.")
            return redirect("children:detail", pk=child.pk)
    return render(
        request,
        "children/placement_form.html",
        {
            "child": child,
            "form": form,
            "placement": placement,
            "title": "End an education placement",
        },
    )


@require_GET
def ks4_moves_view(request):
    """Reg 10: KS4 placement moves for the VSH and team managers to approve or check."""
    if not user_roles(request.user) & {Role.VIRTUAL_SCHOOL_HEAD, Role.TEAM_MANAGER}:
        raise PermissionDenied
    moves = ks4_moves(Child.objects.visible_to(request.user), timezone.localdate())
    access_log_record(
        action=Action.VIEW,
        actor=request.user,
        request=request,
        object_type=ObjectType.CHILD_LIST,
        object_id="ks4 moves",
    )
    return render(request, "children/ks4_moves.html", {"moves": moves})


@require_http_methods(["GET", "POST"])
def ks4_move_approve(request, pk, episode_pk):
    child = get_child_for_user(request.user, pk, request=request)
    if Role.VIRTUAL_SCHOOL_HEAD not in child_roles(request.user, child):
        raise PermissionDenied  # the nominated officer decides
    episode = get_object_or_404(child.episodes, pk=episode_pk)
    current = getattr(episode, "ks4_approval", None)
    initial = (
        {
            f: getattr(current, f)
            for f in ("emergency", "dt_consulted_on", "iro_consulted_on", "notes")
        }
        if current
        else None
    )
    form = Ks4MoveForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            ks4_move_record(episode=episode, data=form.cleaned_data, actor=request.user)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "Recorded.")
            return redirect("children:ks4_moves")
    context = {"child": child, "episode": episode, "form": form}
    return render(request, "children/ks4_move_form.html", context)
