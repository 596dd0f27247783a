from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from attendance.models import Exclusion
from core.forms import NOTE_MAX, GovukDateField


class PeriodForm(forms.Form):
    start = GovukDateField(label="From", required=False)
    end = GovukDateField(label="To", required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The end date must be on or after the start date.")
        if end and end > timezone.localdate():
            self.add_error("end", "The end date cannot be in the future.")
        return data

    def period(self, default_start: datetime.date) -> tuple[datetime.date, datetime.date]:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        end = data.get("end") or timezone.localdate()
        return data.get("start") or default_start, end


class ExclusionForm(forms.Form):
    kind = forms.ChoiceField(label="Type", choices=Exclusion.Kind.choices, widget=forms.RadioSelect)
    starts_on = GovukDateField(
        label="First day",
        error_messages={"required": "Enter the first day of the exclusion"},
    )
    sessions = forms.IntegerField(
        label="Length in sessions (two a day)",
        required=False,
        min_value=1,
        max_value=400,
        help_text="Leave blank for a permanent exclusion.",
    )
    reasons = forms.MultipleChoiceField(
        label="Reasons",
        choices=Exclusion.Reason.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one reason"},
    )
    provision_from = GovukDateField(
        label="Full-time education elsewhere from (if arranged)",
        required=False,
    )
    notes = forms.CharField(
        label="Notes", required=False, max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class AlertActionForm(forms.Form):
    action = forms.CharField(
        label="What was done",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what was done about this alert"},
    )
