from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import require_capability
from accounts.roles import Capability
from accounts.selectors import la_ids_with, user_capabilities
from audit.services import Action, ObjectType, access_log_record
from children.selectors import designated_teachers_at
from core.forms import add_validation_errors
from schools.areas import (
    area_save,
    area_school_remove,
    area_schools_set,
    designated_teacher_save,
    may_edit_dt,
)
from schools.figures import officer_rows, school_rows
from schools.forms import AreaForm, DesignatedTeacherForm, InspectionForm
from schools.models import Area, School
from schools.selectors import (
    area_officers,
    children_at_school_visible_to,
    get_school,
    school_links,
    schools_without_area,
)
from schools.services import school_inspection_record


@require_GET
@require_capability(Capability.VIEW_CHILD)
def school_detail(request, urn):
    school = get_school(urn)
    children = children_at_school_visible_to(request.user, school)
    access_log_record(
        action=Action.VIEW,
        actor=request.user,
        request=request,
        object_type=ObjectType.SCHOOL,
        object_id=school.urn,
    )
    context = {
        "school": school,
        "children": children,
        "teachers": designated_teachers_at(school),
        "links": school_links(school),
        "can_record_inspection": Capability.IMPORT_DATA in user_capabilities(request.user),
        "dt": school.dt_entries.filter(ended_on__isnull=True).first(),
        "can_edit_dt": may_edit_dt(request.user, school),
    }
    return render(request, "schools/detail.html", context | _our_work(request.user, school))


def _our_work(user, school: School) -> dict:
    """For Virtual School staff: the school as their LA sees it, its visits and open actions."""
    works = bool(la_ids_with(user, Capability.WORK_WITH_SCHOOLS))
    capability = Capability.WORK_WITH_SCHOOLS if works else Capability.VIEW_AGGREGATE
    if not la_ids_with(user, capability):
        return {}  # a designated teacher, carer or social worker: the school, not our work
    la = _la_of(user, capability)
    (row,) = school_rows(la, [school], timezone.localdate())
    visits = school.visits.filter(la=la).select_related("recorded_by")[:10]
    actions = school.actions.filter(la=la, done_on__isnull=True).select_related("owner")
    return {"row": row, "visits": visits, "actions": actions, "can_visit": works}


@require_http_methods(["GET", "POST"])
@require_capability(Capability.IMPORT_DATA)
def inspection_record(request, urn):
    school = get_school(urn)
    form = InspectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            school_inspection_record(
                school=school,
                outcome=form.cleaned_data["outcome"],
                inspected_on=form.cleaned_data["inspected_on"],
                source=School.InspectionSource.ENTERED,
                actor=request.user,
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "Inspection outcome saved.")
            return redirect("schools:detail", urn=school.urn)
    return render(request, "schools/inspection_form.html", {"school": school, "form": form})


def _la_of(user, capability: Capability):
    """The LA in which the user does this work (the lowest code if several)."""
    from authorities.models import LocalAuthority

    la = LocalAuthority.objects.filter(pk__in=la_ids_with(user, capability)).order_by("code")
    found = la.first()
    if found is None:
        raise PermissionDenied
    return found


@require_GET
@require_capability(Capability.WORK_WITH_SCHOOLS)
def my_schools(request):
    today = timezone.localdate()
    rows = officer_rows(request.user, today)
    _log(request, "my schools")
    areas = bool(la_ids_with(request.user, Capability.MANAGE_AREAS))
    context = {"rows": rows, "today": today, "perms_areas": areas}
    return render(request, "schools/mine.html", context)


@require_http_methods(["GET", "POST"])
@require_capability(Capability.MANAGE_AREAS)
def area_list(request):
    la = _la_of(request.user, Capability.MANAGE_AREAS)
    form = AreaForm(request.POST or None, officers=area_officers(la))
    if request.method == "POST" and form.is_valid():
        try:
            area = area_save(
                area=Area(la=la, name=form.cleaned_data["name"]),
                officers=form.chosen_officers(),
                actor=request.user,
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, f"Area {area.name} added.")
            return redirect("schools:area", pk=area.pk)
    areas = la.school_areas.annotate(n=Count("schools")).prefetch_related("officers")
    unplaced = schools_without_area(la, timezone.localdate())
    context = {"la": la, "areas": areas, "form": form, "unplaced": unplaced}
    return render(request, "schools/areas.html", context)


@require_http_methods(["GET", "POST"])
@require_capability(Capability.MANAGE_AREAS)
def area_detail(request, pk):
    la = _la_of(request.user, Capability.MANAGE_AREAS)
    area = get_object_or_404(Area, pk=pk, la=la)
    if request.method == "POST":
        return _area_change(request, area)
    form = AreaForm(
        initial={"name": area.name, "officers": [str(u.pk) for u in area.officers.all()]},
        officers=area_officers(la),
    )
    members = area.schools.select_related("school").order_by("school__name")
    candidates = schools_without_area(la, timezone.localdate())
    context = {"area": area, "form": form, "members": members, "candidates": candidates}
    return render(request, "schools/area.html", context)


def _area_change(request, area: Area):
    action = request.POST.get("action")
    if action == "add":
        urns = [int(u) for u in request.POST.getlist("school") if u.isdigit()]
        count = area_schools_set(
            area=area, schools=School.objects.filter(urn__in=urns), actor=request.user
        )
        messages.success(request, f"{count} school{'s' * (count != 1)} added to {area.name}.")
    elif action == "remove":
        school = get_school(request.POST.get("urn", ""))
        area_school_remove(area=area, school=school, actor=request.user)
        messages.success(request, f"{school.name} removed from {area.name}.")
    else:
        form = AreaForm(request.POST, officers=area_officers(area.la))
        if form.is_valid():
            area.name = form.cleaned_data["name"]
            area_save(area=area, officers=form.chosen_officers(), actor=request.user)
            messages.success(request, "Area saved.")
    return redirect("schools:area", pk=area.pk)


@require_http_methods(["GET", "POST"])
def designated_teacher_edit(request, urn):
    school = get_school(urn)
    if not may_edit_dt(request.user, school):
        raise PermissionDenied
    current = school.dt_entries.filter(ended_on__isnull=True).first()
    form = DesignatedTeacherForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in DesignatedTeacherForm.Meta.fields}
        try:
            designated_teacher_save(school=school, data=data, actor=request.user)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "The designated teacher register is up to date.")
            return redirect("schools:detail", urn=school.urn)
    context = {"school": school, "form": form, "history": school.dt_entries.all()}
    return render(request, "schools/designated_teacher_form.html", context)


def _log(request, what: str) -> None:
    access_log_record(
        action=Action.VIEW,
        actor=request.user,
        request=request,
        object_type=ObjectType.SCHOOL,
        object_id=what,
    )


@require_GET
def governors_report_view(request, urn, fmt):
    """For the school's designated teacher and the Virtual School's staff."""
    from django.http import HttpResponse

    from schools.governors import governors_report, parse_year, year_label
    from schools.governors_render import governors_docx, governors_pdf

    school = get_school(urn)
    if fmt not in ("pdf", "docx"):
        raise Http404("Reports come as pdf or docx")
    if not may_edit_dt(request.user, school):
        raise PermissionDenied
    today = timezone.localdate()
    year = request.GET.get("year") or year_label(today)
    try:
        parse_year(year)
    except ValueError as exc:
        raise Http404(str(exc)) from exc
    report = governors_report(school, year, today)
    _log(request, f"governors report {school.urn} {year} {fmt}")
    data = governors_docx(report) if fmt == "docx" else governors_pdf(report)
    types = {"pdf": "application/pdf", "docx": DOCX}
    response = HttpResponse(data, content_type=types[fmt])
    name = f"governors-report-{school.urn}-{year}-OFFICIAL-SENSITIVE.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
