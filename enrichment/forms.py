from django import forms

from core.forms import GovukDateField, no_blank_radio
from enrichment.models import GROUPS, MEDIA_USES, Activity, Post16Check


class ActivityForm(forms.ModelForm):
    starts_on = GovukDateField(label="Starts on")
    ends_on = GovukDateField(label="Ends on")
    groups = forms.MultipleChoiceField(
        label="Who it is for", choices=GROUPS, widget=forms.CheckboxSelectMultiple, initial=["cla"]
    )

    class Meta:
        model = Activity
        fields = [
            "title",
            "category",
            "partner",
            "starts_on",
            "ends_on",
            "place",
            "where",
            "capacity",
            "min_year",
            "max_year",
            "groups",
            "cost",
            "fund",
            "central_spend",
            "leaders",
        ]
        widgets = {
            "category": forms.RadioSelect,
            "where": forms.RadioSelect,
            "fund": forms.RadioSelect,
        }
        labels = {
            "min_year": "From year group (NC year; -1 nursery, 0 reception)",
            "max_year": "To year group",
            "cost": "Total cost (£)",
            "central_spend": "PP+ central spend line (if paid from PP+)",
            "partner": "Run by (blank: the Virtual School)",
            "where": "Where",
        }

    def __init__(self, *args, la, **kwargs):
        from funding.models import CentralSpend

        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = self.fields["partner"].queryset.filter(la=la)
        self.fields["central_spend"].queryset = CentralSpend.objects.filter(grant_year__la=la)
        no_blank_radio(self, "category", "where")


class ChildBookingForm(forms.Form):
    child = forms.TypedChoiceField(
        label="Child", coerce=int, error_messages={"required": "Choose the child"}
    )
    needs_shared = forms.CharField(
        label="Access or medical needs the organisers should know (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only what they need to run the activity safely: they never see the care record.",
    )
    emergency_contact = forms.CharField(
        label="Emergency contact on the day (name and telephone)", max_length=200
    )

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].choices = [(c.pk, c.display_name) for c in children]


class BookingChoiceForm(forms.Form):
    booking = forms.TypedChoiceField(label="Child", coerce=int)

    def __init__(self, *args, bookings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["booking"].choices = [(b.pk, b.label) for b in bookings]


class AttendForm(BookingChoiceForm):
    attended = forms.TypedChoiceField(
        label="At the activity",
        coerce=lambda v: v == "yes",
        choices=[("yes", "Came"), ("no", "Did not come")],
        widget=forms.RadioSelect,
    )


class ChildEvaluationForm(BookingChoiceForm):
    wellbeing_before = forms.IntegerField(
        label="Wellbeing before (1 to 10)", min_value=1, max_value=10, required=False
    )
    wellbeing_after = forms.IntegerField(
        label="Wellbeing after (1 to 10)", min_value=1, max_value=10, required=False
    )
    child_words = forms.CharField(
        label="In the child's own words",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConsentForm(forms.Form):
    holder = forms.CharField(
        label="Who holds delegated authority (from the placement plan)", max_length=200
    )
    uses = forms.MultipleChoiceField(
        label="Photographs and media agreed for",
        choices=MEDIA_USES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="None ticked: no photographs.",
    )
    not_identifiable = forms.BooleanField(
        label="Must not be identifiable as a child in care", required=False, initial=True
    )
    given_on = GovukDateField(label="Given on")
    expires_on = GovukDateField(label="Expires on", required=False)


class WithdrawForm(forms.Form):
    day = GovukDateField(label="Withdrawn on")


class Post16Form(forms.Form):
    activity = forms.ChoiceField(
        label="What they are doing this month",
        choices=Post16Check.Activity.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what they are doing"},
    )
    neet_reason = forms.ChoiceField(
        label="If NEET, why",
        required=False,
        widget=forms.RadioSelect,
        choices=Post16Check.NeetReason.choices,
    )
    provider = forms.CharField(
        label="College, employer or provider", required=False, max_length=200
    )
    checked_on = GovukDateField(label="Checked on")
