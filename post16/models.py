"""Young people in Years 12 and 13 (team-work.md, Post-16): the PEP's post-16 plan (course and
qualification aim, attendance, the 16-19 Bursary, careers guidance, next steps) and Post-16 Pupil
Premium Plus, a grant line of its own per financial year with the LA's limits on who approves
how much. (The monthly education, employment and training check is enrichment.Post16Check.)"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from funding.models import year_validator

POUNDS = [MinValueValidator(Decimal("0"))]
# The 16-19 Bursary Fund's vulnerable-group bursary (team-work.md): up to £1,200 a year.
VULNERABLE_BURSARY = Decimal("1200.00")


class Post16Plan(models.Model):
    """The post-16 sections of one PEP, for a young person in Year 12 or 13."""

    class Level(models.TextChoices):
        ENTRY = "entry", "Entry level"
        LEVEL1 = "1", "Level 1"
        LEVEL2 = "2", "Level 2 (GCSE standard)"
        LEVEL3 = "3", "Level 3 (A level, T level, BTEC National)"
        LEVEL4 = "4", "Level 4 or above"
        NONE = "none", "No qualification aim"

    class Bursary(models.TextChoices):
        NOT_APPLIED = "not_applied", "Not applied for"
        APPLIED = "applied", "Applied for, waiting"
        AWARDED = "awarded", "Awarded"
        REFUSED = "refused", "Refused"
        NOT_ELIGIBLE = "not_eligible", "Not in education or training"

    pep = models.OneToOneField("peps.Pep", on_delete=models.CASCADE, related_name="post16_plan")
    provider = models.CharField(max_length=200, blank=True, verbose_name="college or provider")
    course = models.CharField(max_length=200, blank=True, verbose_name="course")
    level = models.CharField(
        max_length=5, choices=Level.choices, blank=True, verbose_name="qualification aim"
    )
    course_ends_on = models.DateField(null=True, blank=True)
    attendance_percent = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text="As the college or provider reports it.",
    )
    attendance_as_of = models.DateField(null=True, blank=True)
    bursary = models.CharField(max_length=12, choices=Bursary.choices, blank=True)
    bursary_amount = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, blank=True, validators=POUNDS
    )
    careers_guidance_on = models.DateField(null=True, blank=True)
    careers_adviser = models.CharField(max_length=200, blank=True)
    careers_notes = models.TextField(max_length=4000, blank=True)
    next_steps = models.TextField(max_length=4000, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Post-16 plan for {self.pep}"

    def clean(self) -> None:
        if self.attendance_percent is not None and self.attendance_as_of is None:
            raise ValidationError({"attendance_as_of": "Say when the attendance was reported."})
        if self.bursary_amount and self.bursary != self.Bursary.AWARDED:
            raise ValidationError({"bursary": "An amount is for a bursary that was awarded."})
        if self.bursary == self.Bursary.AWARDED and not self.bursary_amount:
            raise ValidationError({"bursary_amount": "Enter the bursary awarded a year."})

    @property
    def complete(self) -> bool:
        """What the section needs before the PEP is submitted: an aim and the next steps."""
        return bool((self.course or self.level) and self.next_steps.strip())


class Post16Grant(models.Model):
    """Post-16 Pupil Premium Plus for one financial year: the DfE's allocation to the LA, kept
    apart from the school-age grant (funding.GrantYear), and who decides how much."""

    la = models.ForeignKey(
        "authorities.LocalAuthority", on_delete=models.CASCADE, related_name="post16_grants"
    )
    year = models.CharField(max_length=7, validators=[year_validator])
    allocation = models.DecimalField(max_digits=12, decimal_places=2, validators=POUNDS)
    # Local (team-work.md): councils let officers approve small amounts and send larger ones
    # to the post-16 lead.
    advisor_limit_per_term = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        default=Decimal("300.00"),
        validators=POUNDS,
        verbose_name="an advisor may approve, for one young person a term, up to",
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="post-16 lead",
        help_text="Decides requests above the advisor's limit (the Virtual School Head may too).",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["la", "-year"]
        constraints = [models.UniqueConstraint(fields=["la", "year"], name="post16_grant_once")]

    def __str__(self) -> str:
        return f"Post-16 Pupil Premium Plus {self.year}"


class Post16Request(models.Model):
    """A request for Post-16 PP+ for one young person, and its decision."""

    class Purpose(models.TextChoices):
        COURSE = "course", "Course costs, books and materials"
        EQUIPMENT = "equipment", "Equipment for the course"
        TRAVEL = "travel", "Travel to learning"
        TUITION = "tuition", "Tuition or mentoring"
        CAREERS = "careers", "Careers, work experience and interviews"
        ENGAGEMENT = "engagement", "Attendance and engagement"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        REFERRED = "referred", "Referred to the post-16 lead"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    grant = models.ForeignKey(Post16Grant, on_delete=models.PROTECT, related_name="requests")
    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="post16_requests"
    )
    term = models.ForeignKey("authorities.Term", on_delete=models.PROTECT, related_name="+")
    pep = models.ForeignKey(
        "peps.Pep", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    amount = models.DecimalField(
        max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    detail = models.TextField(max_length=2000, verbose_name="what it pays for and how it helps")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    approved = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0"))
    reason = models.TextField(max_length=2000, blank=True)
    overspend_override = models.BooleanField(default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_on = models.DateField(default=timezone.localdate)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_on", "-pk"]
        indexes = [models.Index(fields=["grant", "status"])]

    def __str__(self) -> str:
        return f"£{self.amount} for {self.child}"

    @property
    def open(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.REFERRED)
