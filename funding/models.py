"""Pupil Premium Plus (statutory-rules.md): the grant year per LA, its rate per eligible child
and the share kept centrally (the top-slice)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

# The DfE's published rates (council pages reproducing the DfE table); a new year is a new row.
DEFAULT_RATES = {"2024-25": Decimal("2570.00"), "2025-26": Decimal("2630.00")}
year_validator = RegexValidator(r"^\d{4}-\d{2}$", "Write the financial year as 2024-25.")


class GrantYear(models.Model):
    la = models.ForeignKey(
        "authorities.LocalAuthority", on_delete=models.CASCADE, related_name="grant_years"
    )
    year = models.CharField(max_length=7, validators=[year_validator])
    rate_per_child = models.DecimalField(
        max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    top_slice_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    # The DfE allocates provisionally in June and finalises in December, from its own count:
    # once the final figure is entered, it is the budget; until then, our estimate is.
    confirmed_allocation = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="The DfE's final allocation (December); blank uses eligible children x rate.",
    )
    # The release rule ("no PEP, no Premium"): this much per child per term goes to the school
    # when the term's PEP is signed off rated at least `release_min_rating` on the LA's scale.
    release_per_term = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="£ per child per term released on PEP sign-off; 0 releases nothing.",
    )
    release_min_rating = models.CharField(
        max_length=30,
        blank=True,
        help_text="Lowest PEP quality rating that releases money; blank accepts any rating.",
    )

    # Kept, not recomputed: the children eligible by the DfE's rule (funding.eligibility), counted
    # from the care episodes when the LA's return changes (funding.allocation). None: not yet
    # counted, so the next reader counts and keeps it.
    eligible_count = models.PositiveIntegerField(null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["eligible_count"])

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

    history = HistoricalRecords()

    class Meta:
        ordering = ["grant_year", "pk"]

    def __str__(self) -> str:
        return f"£{self.requested} for {self.target}"


class PaymentRun(models.Model):
    """One batch of payment lines sent to the council's finance system (a CSV)."""

    grant_year = models.ForeignKey(GrantYear, on_delete=models.PROTECT, related_name="runs")
    number = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["grant_year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["grant_year", "number"], name="payment_run_number")
        ]

    def __str__(self) -> str:
        return f"PP+ {self.grant_year.year} payment run {self.number}"

    @property
    def reference(self) -> str:
        return f"PPPLUS-{self.grant_year.la.code}-{self.grant_year.year}-{self.number:03d}"


class PaymentLine(models.Model):
    """Money owed to a school for one child: a termly release on PEP sign-off or an approved
    request. Committed until a payment run pays it; held lines wait for the VSH."""

    class Kind(models.TextChoices):
        RELEASE = "release", "Termly release on PEP sign-off"
        REQUEST = "request", "Approved request"

    class Status(models.TextChoices):
        COMMITTED = "committed", "Committed"
        HELD = "held", "Held"
        PAID = "paid", "Paid"

    grant_year = models.ForeignKey(GrantYear, on_delete=models.PROTECT, related_name="lines")
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(
        "schools.School", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    pep = models.ForeignKey("peps.Pep", on_delete=models.PROTECT, related_name="payment_lines")
    term = models.ForeignKey(
        "authorities.Term", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    request = models.OneToOneField(
        PpRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="line"
    )
    category = models.CharField(max_length=20, blank=True)
    amount = models.DecimalField(
        max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    status = models.CharField(max_length=9, choices=Status.choices, default=Status.COMMITTED)
    hold_reason = models.CharField(max_length=200, blank=True)
    overspend_override = models.BooleanField(default=False)
    run = models.ForeignKey(
        PaymentRun, null=True, blank=True, on_delete=models.PROTECT, related_name="lines"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["grant_year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["grant_year", "child", "term"],
                condition=models.Q(kind="release"),
                name="one_release_per_child_term",
            ),
            models.CheckConstraint(
                condition=models.Q(status="paid", run__isnull=False) | ~models.Q(status="paid"),
                name="paid_line_has_run",
            ),
        ]

    def __str__(self) -> str:
        return f"£{self.amount} to {self.school or 'no school'} ({self.get_kind_display()})"


class CentralSpend(models.Model):
    """A planned use of the top-slice for whole-cohort work, and what has been spent on it."""

    grant_year = models.ForeignKey(GrantYear, on_delete=models.PROTECT, related_name="central")
    description = models.CharField(max_length=200)
    planned = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    spent = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    overspend_override = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["grant_year", "pk"]

    def __str__(self) -> str:
        return self.description
