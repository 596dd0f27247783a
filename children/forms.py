from django import forms

from children.models import EducationPlacement
from core.forms import NOTE_MAX, GovukDateField
from schools.models import School


class Ks4MoveForm(forms.Form):
    emergency = forms.BooleanField(
        label="This was an emergency move (no approval beforehand)", required=False
    )
    dt_consulted_on = GovukDateField(label="Designated teacher consulted on", required=False)
    iro_consulted_on = GovukDateField(label="IRO consulted on", required=False)
    notes = forms.CharField(
        label="How the new arrangement fits the PEP",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class PlacementStartForm(forms.Form):
    provision_type = forms.ChoiceField(
        label="Type of setting",
        choices=EducationPlacement.ProvisionType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of setting"},
    )
    school_urn = forms.IntegerField(
        label="School URN",
        required=False,
        min_value=100000,
        max_value=999999,
        help_text="The school's 6-digit unique reference number from the register.",
    )
    started_on = GovukDateField(
        label="Start date",
        error_messages={"required": "Enter the start date", "invalid": "Enter a real date"},
    )
    nc_year = forms.IntegerField(
        label="National curriculum year", required=False, min_value=-2, max_value=14
    )
    attendance_pattern = forms.ChoiceField(
        label="Attendance",
        choices=EducationPlacement.AttendancePattern.choices,
        widget=forms.RadioSelect,
        initial=EducationPlacement.AttendancePattern.FULL_TIME,
    )
    hours_per_week = forms.DecimalField(
        label="Hours a week (part-time only)",
        required=False,
        min_value=0,
        max_value=60,
        decimal_places=1,
    )
    is_dual_registered = forms.BooleanField(
        label="Dual registered (keep the current placement open)", required=False
    )

    def clean(self):
        data = super().clean()
        urn = data.get("school_urn")
        if data.get("provision_type") == "school" and not urn:
            self.add_error("school_urn", "Enter the school's URN")
        data["school"] = None
        if urn:
            data["school"] = School.objects.filter(urn=urn).first()
            if data["school"] is None:
                self.add_error("school_urn", f"No school with URN {urn} is in the register")
        if data.get("attendance_pattern") == "part-time" and data.get("hours_per_week") is None:
            self.add_error("hours_per_week", "Enter the hours a week of a part-time place")
        return data


class PlacementEndForm(forms.Form):
    ended_on = GovukDateField(
        label="Last day",
        error_messages={"required": "Enter the last day", "invalid": "Enter a real date"},
    )
    end_reason = forms.ChoiceField(
        label="Why it ended",
        choices=EducationPlacement.EndReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why it ended"},
    )
