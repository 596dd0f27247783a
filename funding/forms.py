from __future__ import annotations

from decimal import Decimal

from django import forms

from core.forms import NOTE_MAX
from funding.models import DEFAULT_RATES, CentralSpend, GrantYear
from peps.services import RATING_SCALES


class GrantYearForm(forms.ModelForm):
    class Meta:
        model = GrantYear
        fields = [
            "year",
            "rate_per_child",
            "confirmed_allocation",
            "top_slice_percent",
            "release_per_term",
        ]
        labels = {
            "year": "Financial year",
            "rate_per_child": "Rate per eligible child (£)",
            "confirmed_allocation": "Final allocation from the DfE (£, optional)",
            "top_slice_percent": "Top-slice kept centrally (%)",
            "release_per_term": "Released per child per term on PEP sign-off (£)",
        }
        help_texts = {"year": "For example 2025-26 (1 April to 31 March)."}

    release_min_rating = forms.ChoiceField(
        label="Lowest PEP quality rating that releases money", required=False
    )

    def __init__(self, *args, la, **kwargs):
        super().__init__(*args, **kwargs)
        scale = RATING_SCALES[la.pep_quality_scale]
        self.fields["release_min_rating"].choices = [("", "Any rating")] + [
            (r, r.capitalize()) for r in scale
        ]
        self.fields["release_min_rating"].initial = self.instance.release_min_rating
        if self.instance.pk:
            self.fields["year"].disabled = True
        elif not self.is_bound:
            self.fields["rate_per_child"].initial = DEFAULT_RATES.get("2025-26")

    def save(self, commit: bool = False) -> GrantYear:
        grant = super().save(commit=False)
        grant.release_min_rating = self.cleaned_data["release_min_rating"]
        return grant


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[
            ("approve", "Approve"),
            ("reduce", "Approve a smaller amount"),
            ("decline", "Decline"),
        ],
        widget=forms.RadioSelect,
    )
    amount = forms.DecimalField(
        label="Amount to approve (£), if smaller",
        required=False,
        min_value=Decimal("0.01"),
        decimal_places=2,
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed to reduce or decline. The designated teacher sees it.",
    )
    override = forms.BooleanField(
        label="Override the budget (Virtual School Head only)", required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reduce" and not data.get("amount"):
            self.add_error("amount", "Enter the amount to approve.")
        return data


class CentralSpendForm(forms.ModelForm):
    class Meta:
        model = CentralSpend
        fields = ["description", "planned", "spent"]
        labels = {"planned": "Planned (£)", "spent": "Spent so far (£)"}

    override = forms.BooleanField(
        label="Override the top-slice (Virtual School Head only)", required=False
    )


class BulkDecisionForm(forms.Form):
    """The Virtual School Head's decision on the requests chosen from the list."""

    decision = forms.ChoiceField(
        label="Decision for the chosen requests",
        choices=[("approve", "Approve each in full"), ("decline", "Decline each")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve or decline the chosen requests"},
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed to decline. The designated teacher sees it.",
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not data.get("reason", "").strip():
            self.add_error("reason", "Give a reason for declining")
        return data
