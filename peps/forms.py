from __future__ import annotations

from django import forms

from core.forms import LINE_MAX, NARRATIVE_MAX, NOTE_MAX, GovukDateField, limit_text
from peps.models import PepTarget


class SectionForm(forms.Form):
    text = forms.CharField(
        label="",
        required=False,
        max_length=NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text(self, what=LINE_MAX, measure=LINE_MAX)


class MeetingForm(forms.Form):
    meeting_on = GovukDateField(label="Meeting date")
    next_meeting_on = GovukDateField(label="Next meeting date")
    attendees = forms.CharField(
        label="Who attended",
        help_text="One person a line: name, then their role after a comma.",
        max_length=NOTE_MAX,
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
        max_length=NOTE_MAX,
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
            max_length=NOTE_MAX,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
    return type("QualityForm", (forms.Form,), fields)


class ComplianceFilter(forms.Form):
    """The PEP compliance list's filter (GET): choices come from the rows in the reader's reach
    (peps.dashboard.filter_choices), so nobody is offered a school or advisor they cannot see."""

    show = forms.ChoiceField(label="Show", required=False)
    school = forms.ChoiceField(label="School", required=False)
    advisor = forms.ChoiceField(label="Education support advisor", required=False)
    key_stage = forms.ChoiceField(label="Key stage", required=False)
    status = forms.ChoiceField(label="PEP status", required=False)

    def __init__(self, data, *, choices: dict, shows: dict, statuses):
        super().__init__(data)
        self.fields["show"].choices = [(k, label) for k, (label, _) in shows.items()]
        for name, found in choices.items():
            self.fields[name].choices = [("", "Any"), *found]
        self.fields["status"].choices = [("", "Any"), *list(statuses)]

    def chosen(self) -> dict:
        """The valid choices (an unknown value is ignored, as a stale bookmark would be)."""
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if v}
        data.setdefault("show", "overdue")
        return data
