"""A school place case: the School Placement Officer's work from a referral to the child
starting school, with its dated steps and the applications to schools."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords


class Case(models.Model):
    class Source(models.TextChoices):
        OFFICER = "officer", "Opened by a placement officer"
        NO_PLACE = "no_place", "From the no-school-place alert"
        PLACEMENT_CHANGE = "placement_change", "A care placement change will move school"
        REFERRAL = "referral", "A social worker's referral"

    class Step(models.TextChoices):
        REFERRAL = "referral", "Referral"
        SEARCH = "search", "School search"
        APPLICATIONS = "applications", "Applications"
        OFFER = "offer", "Offer"
        ESCALATION = "escalation", "Escalation"
        STARTED = "started", "Started school"
        CLOSED = "closed", "Closed"

    class Outcome(models.TextChoices):
        STARTED = "started", "Started at a school"
        AP = "ap", "Alternative provision arranged"
        LEFT_CARE = "left_care", "Left care"
        NOT_NEEDED = "not_needed", "No longer needed"
        OTHER = "other", "Other"

    la = models.ForeignKey("authorities.LocalAuthority", on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="school_place_cases"
    )
    source = models.CharField(max_length=20, choices=Source.choices)
    step = models.CharField(max_length=12, choices=Step.choices, default=Step.REFERRAL)
    opened_on = models.DateField()
    officer = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    referred_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    care_placement = models.CharField(
        max_length=300, blank=True, help_text="Where the child lives: the area or town."
    )
    reason = models.TextField()
    preferences = models.TextField(blank=True)
    sen_notes = models.TextField(blank=True)
    child_views = models.TextField(blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["opened_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=models.Q(closed_on__isnull=True),
                name="one_open_school_place_case",
            )
        ]

    def __str__(self) -> str:
        return f"School place case for {self.child} from {self.opened_on}"


class CaseStep(models.Model):
    """Each step the case reached, dated: its history."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(max_length=12, choices=Case.Step.choices)
    on = models.DateField()
    note = models.CharField(max_length=500, blank=True)
    by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_step_display()} on {self.on}"


class Application(models.Model):
    class Round(models.TextChoices):
        NORMAL = "normal", "Normal admissions round"
        IN_YEAR = "in_year", "In-year"

    class Decision(models.TextChoices):
        OFFERED = "offered", "Offered a place"
        REFUSED = "refused", "Refused"
        WITHDRAWN = "withdrawn", "Withdrawn"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="applications")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField()
    round = models.CharField(max_length=8, choices=Round.choices, default=Round.IN_YEAR)
    admission_authority = models.CharField(max_length=100, blank=True)
    decision_due = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    choice_reason = models.CharField(
        max_length=500,
        blank=True,
        help_text="Why this school, where it goes against the council's school-choice guidance.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["sent_on", "pk"]

    def __str__(self) -> str:
        return f"Application to {self.school} sent {self.sent_on}"
