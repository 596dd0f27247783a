"""A school's self-evaluation of its provision for children in care: the LA's criteria, each
rated in place, partly in place or not in place with evidence, completed by the designated
teacher, reviewed with an Area Education Officer, the gaps turned into actions."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords


class Criterion(models.Model):
    """One line of an LA's self-evaluation template (the Virtual School Head edits it)."""

    la = models.ForeignKey(
        "authorities.LocalAuthority", on_delete=models.CASCADE, related_name="se_criteria"
    )
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)
    active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["la", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class SelfEvaluation(models.Model):
    class Status(models.TextChoices):
        WITH_SCHOOL = "with_school", "With the school"
        SUBMITTED = "submitted", "Submitted for review"
        REVIEWED = "reviewed", "Reviewed"

    la = models.ForeignKey("authorities.LocalAuthority", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, related_name="self_evaluations"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.WITH_SCHOOL)
    started_on = models.DateField()
    submitted_on = models.DateField(null=True, blank=True)
    reviewed_on = models.DateField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reaudit_on = models.DateField(null=True, blank=True, verbose_name="re-audit by")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["la", "school"],
                condition=~models.Q(status="reviewed"),
                name="one_open_self_evaluation",
            )
        ]

    def __str__(self) -> str:
        return f"Self-evaluation of {self.school} started {self.started_on}"


class Answer(models.Model):
    class Rating(models.TextChoices):
        IN_PLACE = "in_place", "In place"
        PARTLY = "partly", "Partly in place"
        NOT_IN_PLACE = "not_in_place", "Not in place"

    evaluation = models.ForeignKey(SelfEvaluation, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    rating = models.CharField(max_length=12, choices=Rating.choices, blank=True)
    evidence = models.TextField(blank=True)
    action = models.CharField(max_length=500, blank=True)
    owner_name = models.CharField(max_length=200, blank=True)
    deadline = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="one_answer_each")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.get_rating_display() or 'not rated'}"
