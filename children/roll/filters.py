"""The roll page's filters: a GET form whose clean values become queryset filters."""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from children.codes import LEGAL_STATUSES
from children.models import ChildQuerySet, EducationPlacement
from children.roll.rules import (
    KEY_STAGES,
    ROLL_NC_YEARS,
    episode_on_subquery,
    key_stage_q,
    nc_year_label,
    nc_year_q,
    placement_on_subquery,
    placement_open_q,
)
from children.selectors import child_search_q
from core.forms import GovukDateField

SORTS = {
    "name": ("surname", "forename", "la_child_id"),
    "-name": ("-surname", "-forename", "-la_child_id"),
    "id": ("la_child_id",),
    "-id": ("-la_child_id",),
    "dob": ("date_of_birth", "la_child_id"),
    "-dob": ("-date_of_birth", "la_child_id"),
}


class RollFilterForm(forms.Form):
    on = GovukDateField(
        label="On the roll on",
        required=False,
        input_formats=["%Y-%m-%d"],
    )
    q = forms.CharField(label="Name, child ID or UPN", required=False, max_length=100)
    key_stage = forms.ChoiceField(
        label="Key stage",
        required=False,
        choices=[("", "Any")] + [(code, label) for code, label, _, _ in KEY_STAGES],
    )
    year = forms.ChoiceField(
        label="Year group",
        required=False,
        choices=[("", "Any")] + [(str(n), nc_year_label(n)) for n in ROLL_NC_YEARS],
    )
    school = forms.IntegerField(
        label="School URN", required=False, min_value=100000, max_value=999999
    )
    location = forms.ChoiceField(
        label="School location",
        required=False,
        choices=[("", "Any"), ("in", "In the LA"), ("out", "Out of the LA"), ("none", "No school")],
    )
    legal_status = forms.ChoiceField(
        label="Legal status",
        required=False,
        choices=[("", "Any")] + [(c, f"{c}: {label}") for c, label in LEGAL_STATUSES.items()],
    )
    uasc = forms.ChoiceField(
        label="Unaccompanied asylum-seeking",
        required=False,
        choices=[("", "Any"), ("yes", "Yes"), ("no", "No")],
    )
    caseload = forms.ChoiceField(
        label="Caseload", required=False, choices=[("", "Everyone"), ("mine", "My class list")]
    )
    sort = forms.ChoiceField(required=False, choices=[(k, k) for k in SORTS])

    def day(self) -> datetime.date:
        return (self.cleaned_data.get("on") if self.is_valid() else None) or timezone.localdate()


def current_placements(day: datetime.date) -> QuerySet[EducationPlacement]:
    """Placements open on `day` (any of a child's, dual registrations included)."""
    return EducationPlacement.objects.filter(placement_open_q(day))


def apply_filters(qs: ChildQuerySet, data: dict, day: datetime.date, user) -> ChildQuerySet:
    qs = qs.on_roll(day)
    if data.get("q", "").strip():
        qs = qs.filter(child_search_q(data["q"]))
    if data.get("year") not in (None, ""):
        qs = qs.filter(nc_year_q([int(data["year"])], day))
    elif data.get("key_stage"):
        qs = qs.filter(key_stage_q(data["key_stage"], day))
    qs = _placement_filters(qs, data, day)
    if data.get("legal_status"):
        qs = qs.annotate(_status=episode_on_subquery(day, "legal_status")).filter(
            _status=data["legal_status"]
        )
    if data.get("uasc"):
        qs = qs.filter(is_uasc=data["uasc"] == "yes")
    if data.get("caseload") == "mine":
        qs = qs.filter(education_support_advisor=user)
    return qs.order_by(*SORTS.get(data.get("sort") or "name", SORTS["name"]))


def _placement_filters(qs, data: dict, day: datetime.date):
    """By the setting on the day (the rule: a main registration first, then the latest)."""
    location = data.get("location")
    if not data.get("school") and not location:
        return qs
    qs = qs.annotate(
        _urn=placement_on_subquery(day, "urn"),
        _school_la=placement_on_subquery(day, "school__la_code"),
        _provision=placement_on_subquery(day, "provision_type"),
    )
    if data.get("school"):
        qs = qs.filter(_urn=data["school"])
    if location == "in":
        qs = qs.filter(_school_la=F("la__code"))
    elif location == "out":
        qs = qs.filter(_school_la__isnull=False).exclude(_school_la=F("la__code"))
    elif location == "none":
        qs = qs.filter(Q(_provision__isnull=True) | Q(_provision="none"))
    return qs
