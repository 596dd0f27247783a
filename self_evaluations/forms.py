from django import forms

from core.forms import LINE_MAX, NOTE_MAX, GovukDateField
from self_evaluations.models import Answer


class AnswerForm(forms.Form):
    """One criterion's answer (prefixed by the answer's id on the page)."""

    rating = forms.ChoiceField(
        label="Rating", required=False, choices=Answer.Rating.choices, widget=forms.RadioSelect
    )
    evidence = forms.CharField(
        label="Evidence",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    action = forms.CharField(label="Action needed", required=False, max_length=LINE_MAX)
    owner_name = forms.CharField(label="Person responsible", required=False, max_length=200)
    deadline = GovukDateField(label="Deadline", required=False)


class ReviewForm(forms.Form):
    reaudit_on = GovukDateField(label="Re-audit by")


class CriteriaForm(forms.Form):
    criteria = forms.CharField(
        label="Criteria",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="One a line, in the order the school answers them. A line you remove is "
        "retired: earlier self-evaluations keep their answers to it.",
        error_messages={"required": "Enter at least one criterion"},
    )
