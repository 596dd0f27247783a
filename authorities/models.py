"""A LocalAuthority is one Virtual School: the tenant every child-level record belongs to."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

la_code_validator = RegexValidator(r"^\d{3}$", "An LA code is the DfE's 3-digit number, e.g. 330.")
day_month_validator = RegexValidator(
    r"^(0[1-9]|[12]\d|3[01])-(0[1-9]|1[0-2])$", "Use day-month, e.g. 28-11 for 28 November."
)


class LocalAuthority(models.Model):
    code = models.CharField(max_length=3, unique=True, validators=[la_code_validator])
    name = models.CharField(max_length=100)

    # Who is on the roll: statutory-rules.md / data-formats.md, "looked after on date D".
    count_short_breaks_as_looked_after = models.BooleanField(
        default=False,
        help_text="Count children whose only legal status is V3/V4 (short breaks) on the roll.",
    )

    # PEP timing: statutory-rules.md, "Personal Education Plan (PEP)". Defaults are the
    # statutory guidance's; councils vary, so they are settings.
    pep_initial_working_days = models.PositiveSmallIntegerField(
        default=10, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    pep_change_of_school_working_days = models.PositiveSmallIntegerField(
        default=10, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    pep_deadline_autumn = models.CharField(
        max_length=5, default="28-11", validators=[day_month_validator]
    )
    pep_deadline_spring = models.CharField(
        max_length=5, default="20-03", validators=[day_month_validator]
    )
    pep_deadline_summer = models.CharField(
        max_length=5, default="30-06", validators=[day_month_validator]
    )
    pep_quality_scale = models.CharField(
        max_length=6,
        choices=[
            ("rag", "Red, amber, green"),
            ("ofsted", "Outstanding, good, requires improvement, inadequate"),
        ],
        default="rag",
    )

    # Alert thresholds: attendance.md and statutory-rules.md.
    persistent_absence_percent = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        default=Decimal("10.0"),
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("100"))],
    )
    severe_absence_percent = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        default=Decimal("50.0"),
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("100"))],
    )
    attendance_drop_points = models.PositiveSmallIntegerField(default=5)
    consecutive_unexplained_absences = models.PositiveSmallIntegerField(default=10)
    part_time_alert_weeks = models.PositiveSmallIntegerField(
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text="Alert when C2 (part-time timetable) marks run for more than this many weeks.",
    )
    minimum_weekly_hours = models.PositiveSmallIntegerField(
        default=25,
        validators=[MinValueValidator(1), MaxValueValidator(40)],
        help_text="Alert when a child's education is below this many hours a week.",
    )
    data_gap_school_days = models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(15)],
        help_text="Alert when no marks have arrived for this many school days.",
    )
    ehcp_final_weeks = models.PositiveSmallIntegerField(default=20)
    no_school_place_overdue_days = models.PositiveSmallIntegerField(
        default=20, help_text="School days without an education placement before it is overdue."
    )
    dt_refresher_years = models.PositiveSmallIntegerField(
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="Designated teachers' training lapses after this many years.",
    )

    class VisitCadence(models.TextChoices):
        TERM = "term", "Once a term"
        YEAR = "year", "Once a school year"

    school_visit_cadence = models.CharField(
        max_length=4,
        choices=VisitCadence.choices,
        default=VisitCadence.TERM,
        help_text="How often each school with one of our children in care is visited.",
    )
    school_choice_accepted = models.CharField(
        max_length=200,
        blank=True,
        default="Outstanding, Good",
        help_text="Inspection outcomes a school may have without a recorded reason for choosing "
        "it, separated by commas (blank: no rule).",
    )
    sos_chase_working_days = models.PositiveSmallIntegerField(
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="Chase a request to the Secretary of State after this many working days.",
    )
    advice_response_working_days = models.PositiveSmallIntegerField(
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text="Answer an advice request within this many working days.",
    )
    advice_retention_years = models.PositiveSmallIntegerField(
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(25)],
        help_text="Anonymise a closed advice request after this many years.",
    )
    small_number_suppression = models.PositiveSmallIntegerField(
        default=5, help_text="Counts below this are shown as 'c' in cohort-level figures."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def clean(self) -> None:
        severe, persistent = self.severe_absence_percent, self.persistent_absence_percent
        if severe is not None and persistent is not None and severe < persistent:
            raise ValidationError(
                {"severe_absence_percent": "Severe absence cannot be below persistent absence."}
            )


class Term(models.Model):
    """A school term in one LA's calendar, used for 'school days' in every clock."""

    class Name(models.TextChoices):
        AUTUMN = "autumn", "Autumn"
        SPRING = "spring", "Spring"
        SUMMER = "summer", "Summer"

    la = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="terms")
    academic_year = models.PositiveSmallIntegerField(help_text="The year the autumn term starts.")
    name = models.CharField(max_length=6, choices=Name.choices)
    starts_on = models.DateField()
    ends_on = models.DateField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["la", "starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["la", "academic_year", "name"], name="term_unique_per_la_year"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="term_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_name_display()} {self.academic_year}/{(self.academic_year + 1) % 100:02d}"
        )

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The term must end on or after the day it starts."})


class ClosureDay(models.Model):
    """A day inside term when the LA's schools do not open (INSET days, local closures). A
    single school's closure arrives as `#` marks instead."""

    la = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="closure_days")
    date = models.DateField()
    description = models.CharField(max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["la", "date"]
        constraints = [models.UniqueConstraint(fields=["la", "date"], name="closure_day_once")]

    def __str__(self) -> str:
        return f"{self.date:%d %B %Y} {self.description}".strip()
