from __future__ import annotations

from django import forms

from children.roll.groups import LOCATIONS
from children.roll.rules import KEY_STAGES
from core.forms import NARRATIVE_MAX


class DashboardForm(forms.Form):
    period = forms.ChoiceField(label="Period", required=False)
    ks = forms.ChoiceField(
        label="Key stage",
        required=False,
        choices=[("", "All key stages")] + [(code, label) for code, label, _, _ in KEY_STAGES],
    )
    location = forms.ChoiceField(
        label="School in or out of the LA",
        required=False,
        choices=[("", "In and out of the LA"), *LOCATIONS.items()],
    )

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.key, p.label) for p in periods]


class ReportForm(forms.Form):
    kind = forms.ChoiceField(
        label="Report",
        choices=[
            ("termly", "Termly corporate parenting report"),
            ("annual", "Virtual School Head's annual report"),
        ],
        widget=forms.RadioSelect,
    )
    period = forms.ChoiceField(
        label="Term or school year",
        help_text="A termly report needs a term; an annual report needs a school year.",
    )
    threshold = forms.IntegerField(
        label="Suppress counts below",
        initial=5,
        min_value=2,
        max_value=20,
        help_text="In the board's version, smaller counts and their percentages show as c.",
    )

    commentary = forms.CharField(
        label="Commentary and priorities for next year (optional)",
        required=False,
        max_length=NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Printed in both versions. Do not name or describe individual children.",
    )

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.key, p.label) for p in periods]

    def clean(self):
        data = super().clean()
        kind, period = data.get("kind"), data.get("period") or ""
        if kind == "termly" and "-" not in period:
            self.add_error("period", "Choose a term for a termly report.")
        if kind == "annual" and "-" in period:
            self.add_error("period", "Choose a school year for an annual report.")
        return data
