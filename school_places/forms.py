from django import forms

from core.forms import LINE_MAX, NOTE_MAX, GovukDateField
from school_places.models import (
    Application,
    Case,
    EhcpConsultation,
    EhcpTransfer,
    Escalation,
    Package,
)


def _text(label, *, required=False, rows=3, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


def _urn_field():
    return forms.IntegerField(
        label="School's URN",
        min_value=100000,
        max_value=999999,
        error_messages={
            "required": "Enter the school's URN",
            "invalid": "Enter a URN of six digits",
        },
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

    def __init__(self, *args, officer=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "Say why a school place is needed"
        if officer:  # an officer says what started the case; a social worker's is a referral
            self.fields = {"source": _source_field(), **self.fields}


def _source_field():
    return forms.ChoiceField(
        label="What started this case",
        choices=[(v, label) for v, label in Case.Source.choices if v != Case.Source.REFERRAL],
        widget=forms.RadioSelect,
        error_messages={"required": "Say what started this case"},
    )


class StepForm(forms.Form):
    step = forms.ChoiceField(
        label="Move the case to",
        choices=[(v, label) for v, label in Case.Step.choices if v not in ("referral", "closed")],
    )
    note = forms.CharField(label="Note", required=False, max_length=LINE_MAX)


class ApplicationForm(forms.Form):
    urn = _urn_field()
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


class EscalateForm(forms.Form):
    application = forms.TypedChoiceField(
        label="Application to escalate",
        coerce=int,
        error_messages={"required": "Choose the application to escalate"},
    )

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].choices = [(a.pk, a.school.name) for a in applications]


class EscalationStepForm(forms.Form):
    escalation = forms.TypedChoiceField(label="Escalation", coerce=int)
    step = forms.ChoiceField(label="Step", error_messages={"required": "Choose the step"})
    day = GovukDateField(label="Date of the step")
    note = forms.CharField(label="Note", required=False, max_length=LINE_MAX)

    def __init__(self, *args, escalations, **kwargs):
        from school_places.services import ESCALATION_STEPS

        super().__init__(*args, **kwargs)
        self.fields["escalation"].choices = [(e.pk, str(e)) for e in escalations]
        routes = {e.route for e in escalations}
        self.fields["step"].choices = [
            (step, said) for step, (route, _, said) in ESCALATION_STEPS.items() if route in routes
        ]


class EscalationCloseForm(forms.Form):
    escalation = forms.TypedChoiceField(label="Escalation", coerce=int)
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[(v, label) for v, label in Escalation.Outcome.choices if v != "directed"],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome"},
    )

    def __init__(self, *args, escalations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["escalation"].choices = [(e.pk, str(e)) for e in escalations]


class LetterTemplateForm(forms.Form):
    subject = forms.CharField(label="Subject", max_length=200)
    body = forms.CharField(
        label="Letter",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="Leave a blank line between paragraphs. Placeholders below are filled in.",
    )


PACKAGE_FIELDS = [
    "kind",
    "provider",
    "provider_name",
    "provider_urn",
    "checks",
    "hours_a_week",
    "subjects",
    "qualifications",
    "cost_a_week",
    "payer",
    "starts_on",
    "planned_end_on",
    "review_on",
    "return_plan",
]


class PackageForm(forms.ModelForm):
    starts_on = GovukDateField(label="Starts on")
    planned_end_on = GovukDateField(label="Planned to end on", required=False)
    review_on = GovukDateField(
        label="Review on", required=False, help_text="Blank: six weeks from the start."
    )

    class Meta:
        model = Package
        fields = PACKAGE_FIELDS
        widgets = {
            "kind": forms.RadioSelect,
            "provider": forms.RadioSelect,
            "payer": forms.RadioSelect,
            "return_plan": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "kind": "What it is",
            "provider": "Provider",
            "provider_name": "Provider's name",
            "provider_urn": "School's URN (a registered school)",
            "checks": "Checks made (an unregistered provider)",
            "hours_a_week": "Hours a week",
            "cost_a_week": "Cost a week (£)",
            "payer": "Who pays",
            "return_plan": "Plan to return to full-time education",
        }


class PackageReviewForm(forms.Form):
    reviewed_on = GovukDateField(label="Reviewed on")
    next_review_on = GovukDateField(
        label="Next review on", required=False, help_text="Blank: six weeks on."
    )
    hours_a_week = forms.DecimalField(
        label="Hours a week now (if changed)",
        required=False,
        min_value=0,
        max_value=60,
        decimal_places=1,
    )


class EndForm(forms.Form):
    day = GovukDateField(label="Ended on")


TRANSFER_FIELDS = [
    "from_la_code",
    "to_la_code",
    "paying_la_code",
    "send_officer",
    "moved_on",
    "notified_on",
]


class EhcpTransferForm(forms.ModelForm):
    moved_on = GovukDateField(label="Date of the move")
    notified_on = GovukDateField(label="Date the LA holding the plan knew of the move")

    class Meta:
        model = EhcpTransfer
        fields = TRANSFER_FIELDS
        labels = {
            "from_la_code": "LA that holds the plan (3-digit code)",
            "to_la_code": "LA the child moves to (3-digit code)",
            "paying_la_code": "LA that pays (3-digit code)",
            "send_officer": "SEND case officer (name, email, telephone)",
        }


class EhcpProgressForm(forms.Form):
    transferred_on = GovukDateField(label="Plan transferred on", required=False)
    review_told_on = GovukDateField(label="New LA said when it will review on", required=False)
    recoupment = forms.CharField(
        label="Recoupment notes",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    closed = forms.BooleanField(label="Close: the plan is settled with the new LA", required=False)


class ConsultationForm(forms.Form):
    urn = _urn_field()
    sent_on = GovukDateField(label="Consultation sent on")


class ConsultationReplyForm(forms.Form):
    consultation = forms.TypedChoiceField(label="Consultation", coerce=int)
    replied_on = GovukDateField(label="Replied on")
    reply = forms.ChoiceField(
        label="Reply",
        choices=EhcpConsultation.Reply.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the reply"},
    )
    note = forms.CharField(label="Note", required=False, max_length=LINE_MAX)

    def __init__(self, *args, consultations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultation"].choices = [(c.pk, c.school.name) for c in consultations]


class SearchForm(forms.Form):
    """The school search: every field optional; a postcode gives distances when the council has
    loaded the ONS postcode directory, and is never stored."""

    name = forms.CharField(label="Name or town", required=False, max_length=100)
    la_code = forms.CharField(label="LA code", required=False, max_length=3)
    phase = forms.ChoiceField(label="Phase", required=False)
    age = forms.IntegerField(label="Child's age", required=False, min_value=2, max_value=19)
    authority = forms.ChoiceField(
        label="Admission authority",
        required=False,
        choices=[
            ("", "Any"),
            ("la", "The LA may direct (maintained)"),
            ("academy", "Academy or free school"),
        ],
    )
    good = forms.BooleanField(label="Only schools inside the council's guidance", required=False)
    sen = forms.BooleanField(label="Only schools with SEN provision recorded", required=False)
    postcode = forms.CharField(
        label="Postcode of the care placement",
        required=False,
        max_length=8,
        help_text="For distances. Not stored.",
    )

    def __init__(self, *args, phases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [("", "Any")] + [(p, p) for p in phases]
