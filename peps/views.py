from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import require_capability
from accounts.roles import Capability
from attainment.measures import ks2_expected_rwm, ks4
from attendance.child_page import attendance_summary
from audit.services import Action, ObjectType, access_log_record
from children.access import child_capabilities, get_child_for_user
from children.models import Child
from core.forms import add_validation_errors
from core.pdf import print_css, tagged_pdf
from enrichment.selectors import taken_part
from peps import rules
from peps.access import get_pep_for_user
from peps.clock import due_on
from peps.dashboard import SHOW, filter_choices, pep_dashboard, pep_list
from peps.forms import (
    ComplianceFilter,
    MeetingForm,
    ReturnForm,
    SectionForm,
    TargetForm,
    quality_form,
)
from peps.models import PepTarget, Section, Status
from peps.services import (
    RATING_SCALES,
    RUBRIC,
    PepConflict,
    missing_for_submit,
    pep_initiate,
    pep_meeting_save,
    pep_new_version,
    pep_quality_assure,
    pep_return,
    pep_section_save,
    pep_sign_off,
    pep_submit,
    pep_target_add,
    pep_target_evaluate,
    pp_summary,
    previous_pep,
)
from post16.selectors import pep_post16
from sen.selectors import sen_summary


@require_http_methods(["GET", "POST"])
def child_peps(request, pk):
    child = get_child_for_user(request.user, pk, request=request, what=ObjectType.PEP)
    today = timezone.localdate()
    if request.method == "POST":
        if not rules.can_initiate(request.user, child):
            raise PermissionDenied
        try:
            pep = pep_initiate(child=child, actor=request.user, day=today)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("peps:child", pk=child.pk)
        return redirect("peps:detail", pk=pep.pk)
    context = {
        "child": child,
        "peps": child.peps.select_related("term"),
        "due": due_on(child, today),
        "can_initiate": rules.can_initiate(request.user, child),
    }
    return render(request, "peps/child.html", context)


@require_GET
@require_capability(Capability.VIEW_AGGREGATE)
@require_capability(Capability.VIEW_CHILD)
def compliance(request):
    today = timezone.localdate()
    board = pep_dashboard(Child.objects.visible_to(request.user), today)
    form = ComplianceFilter(
        request.GET, choices=filter_choices(board.rows), shows=SHOW, statuses=Status.choices
    )
    chosen = form.chosen()
    shown = pep_list(board.rows, today, **chosen)
    page = Paginator(shown, OVERDUE_PAGE_SIZE).get_page(request.GET.get("page"))
    access_log_record(
        action=Action.VIEW,
        actor=request.user,
        request=request,
        object_type=ObjectType.PEP,
        object_id=f"compliance {today}",
        children=[item.child.pk for item in page],  # the children the page names
    )
    shown_label = SHOW[chosen["show"]][0]
    context = {
        "board": board,
        "page": page,
        "today": today,
        "form": form,
        "shown_label": shown_label,
        "query_string": urlencode(chosen),
    }
    return render(request, "peps/compliance.html", context)


OVERDUE_PAGE_SIZE = 50


@require_GET
def pep_detail(request, pk):
    pep = get_pep_for_user(request.user, pk, request=request)
    return render(request, "peps/detail.html", _detail_context(request.user, pep))


def _section_done(pep, section, has_targets: bool) -> bool:
    """A section is done when it has text, or what it stands for exists: targets for the
    targets section, a meeting date for the meeting."""
    if section.key == Section.TARGETS and has_targets:
        return True
    if section.key == Section.MEETING and pep.meeting_on:
        return True
    return bool(section.text)


def _to_write(user, pep, sections) -> list:
    roles = rules.roles_for(user, pep)
    return [
        s
        for s, can, done, _ in sections
        if can and not done and roles & rules.SECTION_WRITERS[s.key]
    ]


def _detail_context(user, pep) -> dict:
    order = {key: n for n, key in enumerate(Section.values)}  # the plan's order, not A to Z
    stored = sorted(pep.sections.select_related("updated_by"), key=lambda s: order[s.key])
    has_targets = pep.targets.exists()
    sections = [
        (
            s,
            rules.can_write(user, pep, s.key),
            _section_done(pep, s, has_targets),
            rules.completed_by(s.key),
        )
        for s in stored
    ]
    results = list(pep.child.assessment_results.all())
    earlier = previous_pep(pep)
    return {
        "pep": pep,
        "child": pep.child,
        "sections": sections,
        # A section is the person's own when their role writes it (not the Virtual School's
        # right to write any): what is left of theirs is their to-do in every state.
        "to_write": _to_write(user, pep, sections),
        "can_write_any": any(can for _, can, _, _ in sections),
        "targets": pep.targets.select_related("pp_request"),
        "previous_targets": earlier.targets.all() if earlier else [],
        "outcomes": PepTarget.Outcome.choices,
        "pp": pp_summary(pep),
        "attendees": pep.attendees.all(),
        "reviews": pep.quality_reviews.all(),
        "missing": missing_for_submit(pep),
        "can_write_targets": rules.can_write(user, pep, Section.TARGETS),
        "post16": pep_post16(user, pep, {s.key for s in stored}),
        "can_write_meeting": rules.can_write(user, pep, Section.MEETING),
        "can_submit": rules.can_submit(user, pep),
        "can_review": rules.can_review(user, pep),
        "can_sign_off": rules.can_sign_off(user, pep),
        "can_revise": rules.can_revise(user, pep),
        "ks2_rwm": ks2_expected_rwm(results),
        "ks4": ks4(results),
        # SEN detail only for people who may see it (the school by a recorded decision).
        "sen": sen_summary(child=pep.child, today=timezone.localdate())
        if Capability.VIEW_HEALTH in child_capabilities(user, pep.child)
        else None,
        **attendance_summary(pep.child, timezone.localdate()),
    }


@require_GET
def pep_print(request, pk, fmt="html"):
    """The PEP as printable HTML or an accessible (PDF/UA) PDF, marked OFFICIAL-SENSITIVE.
    Each copy is a disclosure, so each is in the access log."""
    pep = get_pep_for_user(request.user, pk, request=request, action=Action.EXPORT, detail=fmt)
    context = _detail_context(request.user, pep)
    if fmt != "pdf":
        return render(request, "peps/print.html", context)
    context["inline_css"] = print_css()
    html = render(request, "peps/print.html", context).content.decode()
    data = tagged_pdf(html, uncompressed=True)
    out = HttpResponse(data, content_type="application/pdf")
    name = f"pep-{pep.child.la_child_id}-{pep.due_on}-v{pep.version}.pdf"
    out["Content-Disposition"] = f'attachment; filename="{name}"'
    return out


@require_http_methods(["GET", "POST"])
def section_edit(request, pk, key):
    pep = get_pep_for_user(request.user, pk, request=request)
    section = get_object_or_404(pep.sections.select_related("updated_by"), key=key)
    if not rules.can_write(request.user, pep, key):
        raise PermissionDenied
    form = SectionForm(
        request.POST or None, initial={"text": section.text, "revision": section.revision}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pep_section_save(
                section=section, text=data["text"], revision=data["revision"], actor=request.user
            )
        except PepConflict as exc:
            conflict = exc.section
            # Re-offer their text with the new revision, so a second save is deliberate.
            form = SectionForm({"text": data["text"], "revision": conflict.revision})
            form.is_valid()
            form.add_error(None, _conflict_message(conflict))
        else:
            messages.success(request, f"{section.get_key_display()} saved.")
            return redirect("peps:detail", pk=pep.pk)
    context = {
        "pep": pep,
        "section": section,
        "form": form,
        "conflict": conflict,
        "enrichment": taken_part(pep.child, timezone.localdate()),
    }
    return render(request, "peps/section_form.html", context)


def _conflict_message(section) -> str:
    who = section.updated_by.get_full_name() if section.updated_by else "Someone"
    when = timezone.localtime(section.updated_at).strftime("%H:%M") if section.updated_at else ""
    return (
        f"{who} changed this section at {when} while you were editing it. Your text is below "
        "and has not been saved: compare it with theirs, then save again."
    )


def _form_page(request, pep, form, save, title: str, template="peps/form.html"):
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "Saved.")
            return redirect("peps:detail", pk=pep.pk)
    return render(request, template, {"pep": pep, "form": form, "title": title})


@require_http_methods(["GET", "POST"])
def target_new(request, pk):
    pep = get_pep_for_user(request.user, pk, request=request)
    if not rules.can_write(request.user, pep, Section.TARGETS):
        raise PermissionDenied
    form = TargetForm(request.POST or None)

    def save(data):
        pep_target_add(pep=pep, data=data, actor=request.user)

    return _form_page(request, pep, form, save, "Add a SMART target")


@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    pep = get_pep_for_user(request.user, pk, request=request)
    if not rules.can_write(request.user, pep, Section.MEETING):
        raise PermissionDenied
    initial = {
        "meeting_on": pep.meeting_on,
        "next_meeting_on": pep.next_meeting_on,
        "attendees": "\n".join(f"{a.name}, {a.role}" for a in pep.attendees.all()),
    }
    form = MeetingForm(request.POST or None, initial=initial)

    def save(data):
        pep_meeting_save(pep=pep, actor=request.user, **data)

    return _form_page(request, pep, form, save, "The PEP meeting")


@require_http_methods(["GET", "POST"])
def pep_return_view(request, pk):
    pep = get_pep_for_user(request.user, pk, request=request)
    if not rules.can_review(request.user, pep):
        raise PermissionDenied
    form = ReturnForm(request.POST or None)

    def save(data):
        pep_return(pep=pep, reason=data["reason"], actor=request.user)

    return _form_page(request, pep, form, save, "Return the PEP")


@require_http_methods(["GET", "POST"])
def quality(request, pk):
    pep = get_pep_for_user(request.user, pk, request=request)
    if not rules.can_review(request.user, pep):
        raise PermissionDenied
    form = quality_form(RUBRIC, RATING_SCALES[pep.child.la.pep_quality_scale])(request.POST or None)

    def save(data):
        ratings = {k: (data[f"{k}_rating"], data[f"{k}_feedback"]) for k, _ in RUBRIC}
        pep_quality_assure(pep=pep, ratings=ratings, actor=request.user)

    return _form_page(request, pep, form, save, "Quality assurance")


@require_POST
def submit(request, pk):
    pep = get_pep_for_user(request.user, pk, request=request)
    try:
        pep_submit(pep=pep, actor=request.user)
    except ValidationError as exc:
        # The page again, with an error summary (focused by GOV.UK Frontend) naming what is
        # missing; nothing changes.
        context = _detail_context(request.user, pep)
        context |= {"submit_errors": exc.messages, "page_errors": True}
        return render(request, "peps/detail.html", context)
    messages.success(request, "PEP submitted to the Virtual School.")
    return redirect("peps:detail", pk=pep.pk)


@require_POST
def evaluate(request, pk, target_pk):
    pep = get_pep_for_user(request.user, pk, request=request)
    if not rules.can_write(request.user, pep, Section.TARGETS):
        raise PermissionDenied
    earlier = previous_pep(pep)
    target = get_object_or_404(PepTarget, pk=target_pk, pep=earlier) if earlier else None
    outcome = request.POST.get("outcome", "")
    if target is None or outcome not in PepTarget.Outcome.values:
        messages.error(request, "Choose met, partly met or not met.")
        return redirect("peps:detail", pk=pep.pk)
    pep_target_evaluate(target=target, outcome=outcome, pep=pep, actor=request.user)
    messages.success(request, "Previous target evaluated.")
    return redirect("peps:detail", pk=pep.pk)


@require_POST
def sign_off(request, pk):
    pep = get_pep_for_user(request.user, pk, request=request)
    pep_sign_off(pep=pep, actor=request.user)
    messages.success(request, "PEP signed off. It is now locked.")
    return redirect("peps:detail", pk=pep.pk)


@require_POST
def new_version(request, pk):
    pep = get_pep_for_user(request.user, pk, request=request)
    new = pep_new_version(pep=pep, actor=request.user)
    messages.success(
        request, f"Version {new.version} started; version {pep.version} stays as signed off."
    )
    return redirect("peps:detail", pk=new.pk)
