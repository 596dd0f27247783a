"""Special educational needs and wellbeing: a child's SEN status and need types, EHC needs
assessments with their statutory clock, and the recorded decision about what the child's school
may see (special category data, UK GDPR art. 9: need to know)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class SenLevel(models.TextChoices):
    """School census values (statutory-rules.md)."""

    NONE = "N", "No special educational needs"
    SUPPORT = "K", "SEN support"
    EHC_PLAN = "E", "Education, health and care plan"


class NeedType(models.TextChoices):
    SPLD = "SpLD", "Specific learning difficulty"
    MLD = "MLD", "Moderate learning difficulty"
    SLD = "SLD", "Severe learning difficulty"
    PMLD = "PMLD", "Profound and multiple learning difficulty"
    SEMH = "SEMH", "Social, emotional and mental health"
    SLCN = "SLCN", "Speech, language and communication needs"
    HI = "HI", "Hearing impairment"
    VI = "VI", "Visual impairment"
    MSI = "MSI", "Multi-sensory impairment"
    PD = "PD", "Physical disability"
    ASD = "ASD", "Autistic spectrum disorder"
    OTH = "OTH", "Other difficulty or disability"
    NSA = "NSA", "SEN support but no specialist assessment of type of need"


_LEVELS, _NEEDS = dict(SenLevel.choices), dict(NeedType.choices)


def level_label(level: str) -> str:
    """get_level_display() without its per-call work (a whole roll's figures call it per child)."""
    return _LEVELS.get(level, level)


def need_label(need: str) -> str:
    return _NEEDS.get(need, need)


class SenStatus(models.Model):
    child = models.OneToOneField("children.Child", on_delete=models.CASCADE, related_name="sen")
    level = models.CharField(max_length=1, choices=SenLevel.choices, default=SenLevel.NONE)
    primary_need = models.CharField(max_length=4, choices=NeedType.choices, blank=True)
    secondary_need = models.CharField(max_length=4, choices=NeedType.choices, blank=True)
    disability_notes = models.TextField(blank=True)
    # Need to know: the school sees SEN, SDQ and health details only when this is recorded.
    share_with_school = models.BooleanField(default=False)
    share_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "SEN statuses"

    def __str__(self) -> str:
        return self.get_level_display()

    def clean(self) -> None:
        if self.level == SenLevel.NONE and (self.primary_need or self.secondary_need):
            raise ValidationError({"primary_need": "A child with no SEN has no need type."})
        if self.level != SenLevel.NONE and not self.primary_need:
            raise ValidationError({"primary_need": "Choose the primary type of need."})
        if self.secondary_need and self.secondary_need == self.primary_need:
            raise ValidationError({"secondary_need": "The secondary need must differ."})
        if self.share_with_school and not self.share_reason.strip():
            raise ValidationError(
                {"share_reason": "Say why the school needs to know (it is recorded)."}
            )


class EhcpAssessment(models.Model):
    """One request for an EHC needs assessment and what followed (SEND Regulations 2014)."""

    class Decision(models.TextChoices):
        ASSESS = "assess", "Assess"
        NOT_ASSESS = "not_assess", "Not to assess"

    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="ehcp_assessments"
    )
    requested_on = models.DateField()
    decision_on = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    draft_on = models.DateField(null=True, blank=True, help_text="Draft plan issued")
    not_issued_on = models.DateField(
        null=True, blank=True, help_text="Decision not to issue a plan"
    )
    final_on = models.DateField(null=True, blank=True, help_text="Final plan issued")
    last_review_on = models.DateField(null=True, blank=True, help_text="Latest annual review")
    notes = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-requested_on"]
        constraints = [
            models.UniqueConstraint(fields=["child", "requested_on"], name="ehcp_request_once")
        ]

    def __str__(self) -> str:
        return f"EHC needs assessment requested {self.requested_on:%d %B %Y}"

    def clean(self) -> None:
        order = [
            ("decision_on", self.decision_on),
            ("draft_on", self.draft_on),
            ("final_on", self.final_on),
        ]
        for field, day in order:
            if day and self.requested_on and day < self.requested_on:
                raise ValidationError({field: "This cannot be before the request."})
        if self.decision_on and not self.decision:
            raise ValidationError({"decision": "Say whether the LA decided to assess."})
        if self.decision == self.Decision.NOT_ASSESS and (self.draft_on or self.final_on):
            raise ValidationError({"draft_on": "No plan follows a decision not to assess."})
        if self.final_on and self.draft_on and self.final_on < self.draft_on:
            raise ValidationError({"final_on": "The final plan cannot come before the draft."})
        if self.last_review_on and (not self.final_on or self.last_review_on < self.final_on):
            raise ValidationError({"last_review_on": "A review follows the final plan."})
