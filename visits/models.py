"""An Area Education Officer's visits to schools, and the actions that come out of them."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords


class SchoolVisit(models.Model):
    class Kind(models.TextChoices):
        CORPORATE_PARENT = "corporate_parent", "Corporate parent visit"
        PEP_QUALITY = "pep_quality", "PEP quality visit"
        MONITORING = "monitoring", "Monitoring visit"
        OTHER = "other", "Other visit"

    class Judgement(models.TextChoices):
        GREEN = "green", "Green: provision is strong"
        AMBER = "amber", "Amber: some concerns"
        RED = "red", "Red: serious concerns"

    la = models.ForeignKey("authorities.LocalAuthority", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="visits")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    visited_on = models.DateField()
    people_met = models.TextField(blank=True)
    children = models.ManyToManyField("children.Child", blank=True, related_name="school_visits")
    judgement = models.CharField(max_length=5, choices=Judgement.choices)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[children])

    class Meta:
        ordering = ["-visited_on", "-pk"]
        indexes = [models.Index(fields=["la", "school", "visited_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.school} on {self.visited_on}"


class SchoolAction(models.Model):
    """Something to do for a school, from a visit or on its own: it carries over, visit after
    visit, until done, on its owner's home page and the school's page."""

    la = models.ForeignKey("authorities.LocalAuthority", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="actions")
    visit = models.ForeignKey(
        SchoolVisit, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    what = models.CharField(max_length=500)
    owner = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner_name = models.CharField(max_length=200, blank=True, help_text="When not a user.")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["la", "done_on", "due_on"])]

    def __str__(self) -> str:
        return self.what

    @property
    def owner_label(self) -> str:
        return self.owner.get_full_name() if self.owner else (self.owner_name or "Not given")
