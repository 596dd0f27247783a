from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.roles import Capability
from audit.services import ObjectType
from children.access import child_capabilities, get_child_with
from core.forms import add_validation_errors
from sen.forms import EhcpAssessmentForm, SdqForm, SenStatusForm
from sen.models import SenStatus
from sen.selectors import sen_summary
from sen.services import ehcp_assessment_save, sdq_record, sen_status_update


def _child(request, pk, capability: Capability):
    return get_child_with(request.user, pk, capability, request=request, what=ObjectType.SEN)


@require_GET
def child_sen(request, pk):
    child = _child(request, pk, Capability.VIEW_HEALTH)
    context = sen_summary(child=child, today=timezone.localdate())
    context["child"] = child
    context["can_manage"] = Capability.MANAGE_SEN in child_capabilities(request.user, child)
    return render(request, "sen/child.html", context)


def _save(request, form, save, child, title: str):
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "Saved.")
            return redirect("sen:child", pk=child.pk)
    return render(request, "sen/form.html", {"child": child, "form": form, "title": title})


@require_http_methods(["GET", "POST"])
def status_edit(request, pk):
    child = _child(request, pk, Capability.MANAGE_SEN)
    current = SenStatus.objects.filter(child=child).first()
    form = SenStatusForm(request.POST or None, instance=current)

    def save(data):
        sen_status_update(child=child, data=data, actor=request.user)

    return _save(request, form, save, child, "SEN status and what the school sees")


@require_http_methods(["GET", "POST"])
def ehcp_edit(request, pk, assessment_pk=None):
    child = _child(request, pk, Capability.MANAGE_SEN)
    assessment = None
    if assessment_pk is not None:
        assessment = get_object_or_404(child.ehcp_assessments, pk=assessment_pk)
    form = EhcpAssessmentForm(request.POST or None, instance=assessment)

    def save(data):
        ehcp_assessment_save(child=child, data=data, actor=request.user, assessment=assessment)

    title = "EHC needs assessment" if assessment else "Record a request for an EHC needs assessment"
    return _save(request, form, save, child, title)


@require_http_methods(["GET", "POST"])
def sdq_new(request, pk):
    child = _child(request, pk, Capability.MANAGE_SEN)
    form = SdqForm(request.POST or None)

    def save(data):
        sdq_record(child=child, actor=request.user, **data)

    return _save(request, form, save, child, "Record an SDQ score")
