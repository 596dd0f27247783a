"""Every English local authority with the contacts a placement officer needs from it: its
Virtual School, admissions and SEND teams. The codes and names ship with the service
(la_directory/data/english_las.csv, loaded by a migration); the contacts are edited here."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from authorities.models import la_code_validator


class Authority(models.Model):
    code = models.CharField(max_length=3, unique=True, validators=[la_code_validator])
    name = models.CharField(max_length=100)
    region = models.CharField(max_length=50, blank=True)
    virtual_school = models.CharField(
        max_length=300, blank=True, help_text="Email and telephone of the Virtual School."
    )
    admissions = models.CharField(
        max_length=300, blank=True, help_text="Email and telephone of the admissions team."
    )
    send = models.CharField(
        max_length=300,
        blank=True,
        verbose_name="SEND",
        help_text="Email and telephone of the SEND (EHCP) team.",
    )
    notes = models.CharField(max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "authorities"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
