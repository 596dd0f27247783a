from django import forms

from advice.models import TOPICS, AdviceEvent, AdviceRequest
from core.forms import LINE_MAX, GovukDateField

R = AdviceRequest


def _radio(label, choices, **kw):
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, **kw)


def _topics():
    return forms.MultipleChoiceField(
        label="What is it about",
        choices=TOPICS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one topic"},
    )


def _text(label, *, required=True, max_length=4000, rows=5, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


class AdviceRequestForm(forms.Form):
    """A request the advisor takes by telephone, email or in person."""

    received_on = GovukDateField(label="Received on")
    channel = _radio("How they asked", R.Channel.choices)
    requester_type = _radio("Who asked", R.Requester.choices)
    requester_name = forms.CharField(label="Their name", required=False, max_length=200)
    requester_contact = forms.CharField(
        label="Email or telephone for the reply", required=False, max_length=200
    )
    order_type = _radio("The child's order", R.Order.choices, initial=R.Order.NOT_KNOWN)
    phase = _radio("Phase", R.Phase.choices, initial=R.Phase.NOT_KNOWN)
    urn = forms.IntegerField(
        label="School's URN (if a school)", required=False, min_value=100000, max_value=999999
    )
    setting_name = forms.CharField(
        label="Early years provider or other setting", required=False, max_length=200
    )
    topics = _topics()
    question = _text("What they asked")
    child_name = forms.CharField(
        label="The child's name (only with consent)",
        required=False,
        max_length=200,
        help_text="Leave blank unless the person with parental responsibility agreed.",
    )
    consent_from = forms.CharField(
        label="Consent given by (parental responsibility)", required=False, max_length=200
    )
    consent_on = GovukDateField(label="Consent given on", required=False)


class AnswerForm(forms.Form):
    day = GovukDateField(label="Answered on")
    advice = _text("What was advised")
    signposted_to = forms.CharField(label="Signposted to", required=False, max_length=300)


class AdviceEventForm(forms.Form):
    kind = _radio("What happened", AdviceEvent.Kind.choices)
    day = GovukDateField(label="On")
    note = forms.CharField(label="Note", max_length=LINE_MAX)
    event = forms.ModelChoiceField(
        label="Training event (if one of ours)", required=False, queryset=None
    )

    def __init__(self, *args, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events


class CloseForm(forms.Form):
    day = GovukDateField(label="Closed on")


class AskForm(forms.Form):
    """The public "Ask the Virtual School" form: no sign-in. `website` is a trap for robots
    (hidden from people); `started` is a signed time the form was shown."""

    requester_type = _radio(
        "Who are you", R.Requester.choices, error_messages={"required": "Say who you are"}
    )
    requester_name = forms.CharField(
        label="Your name", max_length=200, error_messages={"required": "Enter your name"}
    )
    requester_contact = forms.CharField(
        label="Email address or telephone number",
        max_length=200,
        help_text="So we can reply to you.",
        error_messages={"required": "Enter an email address or telephone number"},
    )
    order_type = _radio("The child's legal order", R.Order.choices, initial=R.Order.NOT_KNOWN)
    phase = _radio("The child's stage of education", R.Phase.choices, initial=R.Phase.NOT_KNOWN)
    setting_name = forms.CharField(
        label="School or early years setting (optional)", required=False, max_length=200
    )
    topics = _topics()
    question = _text(
        "Your question", help_text="Please do not include a child's name here.", max_length=2000
    )
    child_name = forms.CharField(
        label="The child's name (optional)",
        required=False,
        max_length=200,
        help_text="Only if you have parental responsibility for the child and agree to us "
        "using their name.",
    )
    consent = forms.BooleanField(
        label="I have parental responsibility for this child and agree to the Virtual School "
        "using their name to advise me",
        required=False,
    )
    website = forms.CharField(label="Leave this blank", required=False, max_length=200)
    started = forms.CharField(widget=forms.HiddenInput, max_length=200)

    def clean(self):
        data = super().clean()
        if data.get("child_name") and not data.get("consent"):
            self.add_error(
                "consent",
                "To give the child's name, confirm you have parental responsibility and agree",
            )
        elif data.get("child_name") and data.get("requester_type") not in WITH_PR:
            self.add_error(
                "child_name",
                "Only a parent or guardian with parental responsibility can give the child's "
                "name: please leave it blank",
            )
        return data


# Those who hold parental responsibility through the order (adoption, special guardianship, a
# child arrangements order naming them as the person the child lives with).
WITH_PR = {R.Requester.ADOPTIVE_PARENT, R.Requester.SPECIAL_GUARDIAN, R.Requester.CAO_HOLDER}
