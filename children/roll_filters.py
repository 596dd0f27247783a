"""The roll page's filters: a GET form whose clean values become queryset filters."""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from children.codes import LEGAL_STATUSES
from children.models import CareEpisode, Child, ChildQuerySet, EducationPlacement
from children.roll import KEY_STAGES, academic_year
from children.selectors import child_search_q

SORTS = {
    "name": ("surname", "forename", "la_child_id"),
    "-name": ("-surname", "-forename", "-la_child_id"),
    "id": ("la_child_id",),
    "-id": ("-la_child_id",),
    "dob": ("date_of_birth", "la_child_id"),
    "-dob": ("-date_of_birth", "la_child_id"),
}


class RollFilterForm(forms.Form):
    on = forms.DateField(
        label="On the roll on",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
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
        choices=[("", "Any"), ("-1", "Nursery"), ("0", "Reception")]
        + [(str(n), f"Year {n}") for n in range(1, 14)],
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


def dob_range_for_years(years: list[int], day: datetime.date) -> Q:
    ay = academic_year(day)
    q = Q(pk__in=[])
    for n in years:
        birth_ay = ay - n - 5
        q |= Q(
            date_of_birth__gte=datetime.date(birth_ay, 9, 1),
            date_of_birth__lte=datetime.date(birth_ay + 1, 8, 31),
        )
    return q


def current_placements(day: datetime.date) -> QuerySet[EducationPlacement]:
    return EducationPlacement.objects.filter(started_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=day)
    )


def apply_filters(qs: ChildQuerySet, data: dict, day: datetime.date, user) -> QuerySet[Child]:
    qs = qs.on_roll(day)
    if data.get("q", "").strip():
        qs = qs.filter(child_search_q(data["q"]))
    years = _years(data)
    if years is not None:
        qs = qs.filter(dob_range_for_years(years, day))
    qs = _placement_filters(qs, data, day)
    if data.get("legal_status"):
        open_episode = CareEpisode.objects.filter(
            child=OuterRef("pk"), legal_status=data["legal_status"], started_on__lte=day
        ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        qs = qs.filter(Exists(open_episode))
    if data.get("uasc"):
        qs = qs.filter(is_uasc=data["uasc"] == "yes")
    if data.get("caseload") == "mine":
        qs = qs.filter(education_support_advisor=user)
    return qs.order_by(*SORTS.get(data.get("sort") or "name", SORTS["name"]))


def _years(data: dict) -> list[int] | None:
    if data.get("year") not in (None, ""):
        return [int(data["year"])]
    if data.get("key_stage"):
        for code, _label, low, high in KEY_STAGES:
            if code == data["key_stage"]:
                return list(range(max(low, -1), high + 1))
    return None


def _placement_filters(qs, data: dict, day: datetime.date):
    current = current_placements(day).filter(child=OuterRef("pk"))
    if data.get("school"):
        qs = qs.filter(Exists(current.filter(urn=data["school"])))
    location = data.get("location")
    if location == "in":
        qs = qs.filter(Exists(current.filter(school__la_code=OuterRef("la__code"))))
    elif location == "out":
        qs = qs.filter(
            Exists(
                current.filter(school__isnull=False).exclude(school__la_code=OuterRef("la__code"))
            )
        )
    elif location == "none":
        qs = qs.exclude(Exists(current.exclude(provision_type="none")))
    return qs
