"""Pupil Premium Plus (statutory-rules.md): the grant year per LA, its rate per eligible child
and the share kept centrally (the top-slice)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

# The DfE's published rates (council pages reproducing the DfE table); a new year is a new row.
DEFAULT_RATES = {"2024-25": Decimal("2570.00"), "2025-26": Decimal("2630.00")}
year_validator = RegexValidator(r"^\d{4}-\d{2}$", "Write the financial year as 2024-25.")


class GrantYear(models.Model):
    la = models.ForeignKey(
        "authorities.LocalAuthority", on_delete=models.CASCADE, related_name="grant_years"
    )
    year = models.CharField(max_length=7, validators=[year_validator])
    rate_per_child = models.DecimalField(max_digits=8, decimal_places=2)
    top_slice_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["la", "year"]
        constraints = [models.UniqueConstraint(fields=["la", "year"], name="grant_year_once")]

    def __str__(self) -> str:
        return f"Pupil Premium Plus {self.year}"
