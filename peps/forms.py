from __future__ import annotations

from django import forms

from core.forms import GovukDateField
from peps.models import PepTarget


class SectionForm(forms.Form):
    text = forms.CharField(label="", required=False, widget=forms.Textarea(attrs={"rows": 10}))
    revision = forms.IntegerField(widget=forms.HiddenInput)


class TargetForm(forms.ModelForm):
    by_when = GovukDateField(label="By when")

    class Meta:
        model = PepTarget
        fields = ("what", "measure", "by_when", "who", "pp_amount", "category")
        labels = {
            "what": "What the child will achieve",
            "measure": "How it will be measured",
            "who": "Who will make it happen",
            "pp_amount": "Pupil Premium Plus requested (£)",
            "category": "Intervention",
        }
        widgets = {
            "what": forms.Textarea(attrs={"rows": 3}),
            "measure": forms.Textarea(attrs={"rows": 2}),
        }


class MeetingForm(forms.Form):
    meeting_on = GovukDateField(label="Meeting date")
    next_meeting_on = GovukDateField(label="Next meeting date")
    attendees = forms.CharField(
        label="Who attended",
        help_text="One person a line: name, then their role after a comma.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_attendees(self) -> list[tuple[str, str]]:
        people = []
        for line in self.cleaned_data["attendees"].splitlines():
            if not line.strip():
                continue
            name, _, role = line.partition(",")
            if not name.strip() or not role.strip():
                raise forms.ValidationError(f"Give a name and a role: '{line.strip()}'")
            people.append((name.strip(), role.strip()))
        return people


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="Why the PEP is returned",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say why the PEP is returned"},
    )


def quality_form(rubric, scale):
    """A form with a rating and feedback for each rubric criterion."""
    fields = {}
    for key, label in rubric:
        fields[f"{key}_rating"] = forms.ChoiceField(
            label=label,
            choices=[(r, r.capitalize()) for r in scale],
            widget=forms.RadioSelect,
            error_messages={"required": f"Rate: {label.lower()}"},
        )
        fields[f"{key}_feedback"] = forms.CharField(
            label=f"Feedback: {label.lower()}",
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
    return type("QualityForm", (forms.Form,), fields)
