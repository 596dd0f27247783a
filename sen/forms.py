from __future__ import annotations

from django import forms

from children.models import SdqScore
from core.forms import NOTE_MAX, GovukDateField, limit_text, no_blank_radio
from sen.models import EhcpAssessment, SenStatus
from sen.services import EHCP_FIELDS, STATUS_FIELDS


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text(self, disability_notes=NOTE_MAX, share_reason=NOTE_MAX)


class EhcpAssessmentForm(forms.ModelForm):
    requested_on = GovukDateField(label="Assessment requested on")
    decision_on = GovukDateField(label="Decision whether to assess made on", required=False)
    draft_on = GovukDateField(label="Draft plan issued on", required=False)
    not_issued_on = GovukDateField(label="Decided not to issue a plan on", required=False)
    final_on = GovukDateField(label="Final plan issued on", required=False)
    last_review_on = GovukDateField(label="Latest annual review on", required=False)

    class Meta:
        model = EhcpAssessment
        fields = EHCP_FIELDS
        widgets = {"decision": forms.RadioSelect}
        labels = {"decision": "Decision"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text(self, notes=NOTE_MAX)
        no_blank_radio(self, "decision")


class SdqForm(forms.Form):
    collection_year = forms.IntegerField(
        label="Year ending 31 March",
        min_value=2000,
        max_value=2100,
        help_text="For example 2026 for a score from the 2025 to 2026 year.",
    )
    score = forms.IntegerField(label="SDQ total score", min_value=0, max_value=40)
    recorded_on = GovukDateField(label="Completed on")


__all__ = ["EhcpAssessmentForm", "SdqForm", "SdqScore", "SenStatusForm"]
