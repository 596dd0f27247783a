from django import forms

from core.forms import LINE_MAX, NOTE_MAX, GovukDateField
from school_places.models import Application, Case


def _text(label, *, required=False, rows=3, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


class ReferralForm(forms.Form):
    care_placement = forms.CharField(
        label="Where the child lives now",
        max_length=300,
        required=False,
        help_text="The area or town, not the address.",
    )
    reason = _text("Why a school place is needed", required=True)
    preferences = _text("Schools the child, carers or social worker would like")
    sen_notes = _text("Special educational needs, an EHCP or support the school should know")
    child_views = _text("What the child says", help_text="In their own words where you can.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "Say why a school place is needed"


class StepForm(forms.Form):
    step = forms.ChoiceField(
        label="Move the case to",
        choices=[(v, label) for v, label in Case.Step.choices if v not in ("referral", "closed")],
    )
    note = forms.CharField(label="Note", required=False, max_length=LINE_MAX)


class ApplicationForm(forms.Form):
    urn = forms.IntegerField(
        label="School's URN",
        min_value=100000,
        max_value=999999,
        error_messages={
            "required": "Enter the school's URN",
            "invalid": "Enter a URN of six digits",
        },
    )
    sent_on = GovukDateField(label="Application sent on")
    round = forms.ChoiceField(
        label="Round",
        choices=Application.Round.choices,
        widget=forms.RadioSelect,
        initial=Application.Round.IN_YEAR,
    )
    choice_reason = forms.CharField(
        label="Why this school (needed when it is outside the council's guidance)",
        required=False,
        max_length=LINE_MAX,
    )


class ApplicationDecisionForm(forms.Form):
    application = forms.TypedChoiceField(label="Application", coerce=int)
    decision = forms.ChoiceField(
        label="Decision",
        choices=Application.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the decision"},
    )
    decided_on = GovukDateField(label="Decided on")
    reason = forms.CharField(label="Reason given", required=False, max_length=LINE_MAX)

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].choices = [(a.pk, a.school.name) for a in applications]


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Case.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome"},
    )
    note = forms.CharField(label="Note", required=False, max_length=LINE_MAX)
