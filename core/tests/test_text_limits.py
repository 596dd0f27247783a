"""Every text a person types into one of our forms has a limit, checked on the server and told
in advance (GOV.UK character count on a textarea); a longer text is refused with a message."""

from __future__ import annotations

import importlib
import inspect

import pytest
from django import forms
from django.apps import apps
from django.template.loader import render_to_string

pytestmark = pytest.mark.django_db

# Forms that need arguments to be made, and what to make them with.
ARGS = {
    "RoleForm": {"las": []},
    "InviteForm": {"las": []},
    "ImportForm": {"las": []},
    "GrantYearForm": {"la": type("LA", (), {"pep_quality_scale": "rag"})()},
    "DashboardForm": {"periods": []},
    "ReportForm": {"periods": []},
    "AreaForm": {"officers": []},
    "VisitForm": {"children": []},
    "ActionForm": {"owners": []},
    "ApplicationDecisionForm": {"applications": []},
    "EscalateForm": {"applications": []},
    "EscalationStepForm": {"escalations": []},
    "EscalationCloseForm": {"escalations": []},
    "ConsultationReplyForm": {"consultations": []},
    "ActivityForm": {"la": None},
    "Post16GrantForm": {"la": None},
    "ChildBookingForm": {"children": []},
    "BookingChoiceForm": {"bookings": []},
    "AttendForm": {"bookings": []},
    "ChildEvaluationForm": {"bookings": []},
    "AdviceEventForm": {"events": __import__("events.models").models.Event.objects.none()},
    "ComplianceFilter": {"data": {}, "choices": {}, "shows": {}, "statuses": []},
}
# Not typed text: a one-time code from an authenticator app (allauth checks its shape).
NOT_TEXT = {"AuditedMFAAuthenticateForm"}


def _our_forms():
    for app in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{app.name}.forms")
        except ModuleNotFoundError:
            continue
        if "site-packages" in module.__file__:  # the libraries' own forms are theirs to limit
            continue
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield name, cls


def _typed_text(form):
    for name, field in form.fields.items():
        if type(field) is forms.CharField and not isinstance(field.widget, forms.HiddenInput):
            yield name, field


def test_every_text_field_of_our_forms_has_a_limit():
    seen, unlimited = 0, []
    for name, cls in _our_forms():
        if name in NOT_TEXT:
            continue
        form = cls(**ARGS.get(name, {}))
        for field_name, field in _typed_text(form):
            seen += 1
            if not field.max_length:
                unlimited.append(f"{name}.{field_name}")
    assert seen > 10 and not unlimited, unlimited


def test_a_textarea_says_its_limit_and_a_longer_text_is_refused():
    from peps.forms import TargetForm

    form = TargetForm(data={"what": "x" * 501, "measure": "m", "who": "DT", "by_when": ""})
    assert not form.is_valid() and "at most 500 characters" in str(form.errors["what"])
    html = render_to_string("includes/field.html", {"field": form["what"]})
    assert 'data-module="govuk-character-count" data-maxlength="500"' in html
    assert "You can enter up to 500 characters" in html
    assert "maxlength=" not in html.replace("data-maxlength", "")  # never cut off silently
