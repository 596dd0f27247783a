from django import forms


class InspectionForm(forms.Form):
    outcome = forms.CharField(
        label="Inspection outcome",
        max_length=50,
        help_text="As the inspection report gives it, for example a report card grade.",
        error_messages={"required": "Enter the inspection outcome"},
    )
    inspected_on = forms.DateField(
        label="Date of the inspection",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "Enter the date of the inspection",
            "invalid": "Enter a real date",
        },
    )
