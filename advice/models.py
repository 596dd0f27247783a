"""The Virtual School's advice service for previously looked-after children (adopted, or left
care on a special guardianship or child arrangements order) and kinship families: who asked,
about what, what was advised, and the response clock. Nothing here joins the roll; the child
is named only with the recorded consent of the person with parental responsibility."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

TOPICS = [
    ("admissions", "Admissions"),
    ("send", "SEND and EHCP"),
    ("exclusion", "Exclusion or suspension"),
    ("attendance", "Attendance"),
    ("pp_plus", "Pupil Premium Plus for previously looked-after children"),
    ("transition", "Transition"),
    ("attachment", "Attachment and trauma"),
    ("training", "Training"),
    ("other", "Other"),
]


class AdviceRequest(models.Model):
    class Requester(models.TextChoices):
        ADOPTIVE_PARENT = "adoptive_parent", "Adoptive parent"
        SPECIAL_GUARDIAN = "special_guardian", "Special guardian"
        CAO_HOLDER = "cao_holder", "Child arrangements order holder"
        KINSHIP_CARER = "kinship_carer", "Kinship carer"
        DESIGNATED_TEACHER = "designated_teacher", "Designated teacher"
        EARLY_YEARS = "early_years", "Early years provider"
        SOCIAL_WORKER = "social_worker", "Social worker"
        OTHER = "other", "Other"

    class Order(models.TextChoices):
        ADOPTION = "adoption", "Adoption"
        SPECIAL_GUARDIANSHIP = "sgo", "Special guardianship order"
        CHILD_ARRANGEMENTS = "cao", "Child arrangements order"
        KINSHIP = "kinship", "Kinship care without an order"
        NOT_KNOWN = "not_known", "Not known"

    class Channel(models.TextChoices):
        PHONE = "phone", "Telephone"
        EMAIL = "email", "Email"
        FORM = "form", "Ask the Virtual School form"
        IN_PERSON = "in_person", "In person or at a meeting"
        OTHER = "other", "Other"

    class Phase(models.TextChoices):
        EARLY_YEARS = "early_years", "Early years"
        PRIMARY = "primary", "Primary"
        SECONDARY = "secondary", "Secondary"
        NOT_KNOWN = "not_known", "Not known"

    la = models.ForeignKey("authorities.LocalAuthority", on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=12, unique=True)
    received_on = models.DateField()
    channel = models.CharField(max_length=10, choices=Channel.choices)
    requester_type = models.CharField(max_length=20, choices=Requester.choices)
    requester_name = models.CharField(max_length=200, blank=True)
    requester_contact = models.CharField(
        max_length=200, blank=True, help_text="Email or telephone for the reply."
    )
    order_type = models.CharField(max_length=10, choices=Order.choices, default=Order.NOT_KNOWN)
    phase = models.CharField(max_length=12, choices=Phase.choices, default=Phase.NOT_KNOWN)
    school = models.ForeignKey(
        "schools.School", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    setting_name = models.CharField(
        max_length=200, blank=True, help_text="An early years provider or another setting."
    )
    topics = models.JSONField(default=list)
    question = models.TextField(max_length=4000)
    advice = models.TextField(max_length=4000, blank=True, verbose_name="what was advised")
    signposted_to = models.CharField(max_length=300, blank=True)
    child_name = models.CharField(max_length=200, blank=True)
    consent_from = models.CharField(
        max_length=200, blank=True, verbose_name="consent given by (parental responsibility)"
    )
    consent_on = models.DateField(null=True, blank=True)
    advisor = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField()
    first_answered_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    anonymised_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"Advice request {self.reference}"

    def clean(self):
        if self.child_name and not (self.consent_from and self.consent_on):
            raise ValidationError(
                {
                    "child_name": "Name the child only with the consent of the person with "
                    "parental responsibility: record who gave it and when."
                }
            )
        unknown = set(self.topics) - {value for value, _ in TOPICS}
        if unknown or not self.topics:
            raise ValidationError({"topics": "Choose at least one topic from the list."})

    def topic_labels(self) -> list[str]:
        labels = dict(TOPICS)
        return [labels.get(t, t) for t in self.topics]


class AdviceEvent(models.Model):
    """What happened after: a follow-up, a resource sent, training offered (an event of the
    events app where there is one)."""

    class Kind(models.TextChoices):
        FOLLOW_UP = "follow_up", "Follow-up"
        RESOURCE = "resource", "Resource sent"
        TRAINING = "training", "Training offered"

    request = models.ForeignKey(AdviceRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    on = models.DateField()
    note = models.CharField(max_length=500)
    event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.on}"
