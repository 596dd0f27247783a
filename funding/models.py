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


class PpRequest(models.Model):
    """A request for Pupil Premium Plus from a PEP target, and the Virtual School's decision."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        APPROVED = "approved", "Approved"
        REDUCED = "reduced", "Approved at a reduced amount"
        DECLINED = "declined", "Declined"

    grant_year = models.ForeignKey(GrantYear, on_delete=models.PROTECT, related_name="requests")
    target = models.OneToOneField(
        "peps.PepTarget", on_delete=models.PROTECT, related_name="pp_request"
    )
    requested = models.DecimalField(max_digits=8, decimal_places=2)
    approved = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0"))
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField(blank=True)
    overspend_override = models.BooleanField(default=False)
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    paid = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["grant_year", "pk"]

    def __str__(self) -> str:
        return f"£{self.requested} for {self.target}"
