"""Telling a school that a looked-after child is on its roll (roles-and-duties.md, duty 3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class SchoolNotification(models.Model):
    class Recipient(models.TextChoices):
        HEADTEACHER = "headteacher", "Headteacher"
        DESIGNATED_TEACHER = "designated_teacher", "Designated teacher"

    class Method(models.TextChoices):
        EMAIL = "email", "Email"
        LETTER = "letter", "Printable letter"

    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="school_notifications"
    )
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    placement = models.ForeignKey(
        "children.EducationPlacement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    recipient = models.CharField(max_length=20, choices=Recipient.choices)
    recipient_name = models.CharField(max_length=200, blank=True)
    recipient_email = models.EmailField(blank=True)
    method = models.CharField(max_length=10, choices=Method.choices)
    sent_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "recipient", "recipient_email", "method"],
                name="notify_once_per_placement_recipient",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} to {self.recipient_name or self.recipient_email}"
