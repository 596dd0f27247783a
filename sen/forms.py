from __future__ import annotations

from django import forms

from children.models import SdqScore
from sen.models import EhcpAssessment, SenStatus
from sen.services import EHCP_FIELDS, STATUS_FIELDS

DATE = {"widget": forms.DateInput(attrs={"type": "date"}), "input_formats": ["%Y-%m-%d"]}


class SenStatusForm(forms.ModelForm):
    class Meta:
        model = SenStatus
        fields = STATUS_FIELDS
        labels = {
            "level": "SEN status",
            "primary_need": "Primary type of need",
            "secondary_need": "Secondary type of need",
            "disability_notes": "Disability and health notes",
            "share_with_school": "The designated teacher needs to know SEN and health details",
            "share_reason": "Why the school needs to know",
        }
        widgets = {"level": forms.RadioSelect}


class EhcpAssessmentForm(forms.ModelForm):
    requested_on = forms.DateField(label="Assessment requested on", **DATE)
    decision_on = forms.DateField(
        label="Decision whether to assess made on", required=False, **DATE
    )
    draft_on = forms.DateField(label="Draft plan issued on", required=False, **DATE)
    not_issued_on = forms.DateField(label="Decided not to issue a plan on", required=False, **DATE)
    final_on = forms.DateField(label="Final plan issued on", required=False, **DATE)
    last_review_on = forms.DateField(label="Latest annual review on", required=False, **DATE)

    class Meta:
        model = EhcpAssessment
        fields = EHCP_FIELDS
        widgets = {"decision": forms.RadioSelect}
        labels = {"decision": "Decision"}


class SdqForm(forms.Form):
    collection_year = forms.IntegerField(
        label="Year ending 31 March",
        min_value=2000,
        max_value=2100,
        help_text="For example 2026 for a score from the 2025 to 2026 year.",
    )
    score = forms.IntegerField(label="SDQ total score", min_value=0, max_value=40)
    recorded_on = forms.DateField(label="Completed on", **DATE)


__all__ = ["EhcpAssessmentForm", "SdqForm", "SdqScore", "SenStatusForm"]
