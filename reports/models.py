"""National benchmarks (editable reference data with their year) and generated reports, kept in
the database so any app server or worker can serve them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from attendance.models import TallyColumns


class Benchmark(models.Model):
    """A national figure to compare with. Rows with no LA are the defaults (reporting.md); an LA
    may keep its own row for a measure, which then wins."""

    la = models.ForeignKey(
        "authorities.LocalAuthority",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="benchmarks",
    )
    measure = models.CharField(max_length=40)
    label = models.CharField(max_length=200)
    value = models.DecimalField(max_digits=12, decimal_places=2)
    unit = models.CharField(max_length=10, choices=[("percent", "%"), ("number", "number")])
    source_year = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["measure"]
        constraints = [
            models.UniqueConstraint(fields=["la", "measure"], name="benchmark_once_per_la"),
            models.UniqueConstraint(
                fields=["measure"], condition=models.Q(la__isnull=True), name="benchmark_default"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.source_year})"

    @property
    def display(self) -> str:
        return f"{self.value}%" if self.unit == "percent" else f"{self.value:,}".replace(".00", "")


class ReportRun(models.Model):
    class Kind(models.TextChoices):
        TERMLY = "termly", "Termly corporate parenting report"
        ANNUAL = "annual", "Virtual School Head's annual report"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Ready"
        FAILED = "failed", "Failed"

    la = models.ForeignKey(
        "authorities.LocalAuthority", on_delete=models.PROTECT, related_name="report_runs"
    )
    kind = models.CharField(max_length=6, choices=Kind.choices)
    period = models.CharField(max_length=20, help_text="A term (2025-autumn) or a year (2025).")
    threshold = models.PositiveSmallIntegerField(default=5)
    commentary = models.TextField(
        blank=True, help_text="The Virtual School Head's commentary and priorities for next year."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="report_runs"
    )
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=60, blank=True)
    done = models.PositiveSmallIntegerField(default=0)
    total = models.PositiveSmallIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Who is running it (host:pid), how often it was started and when it last showed life: a
    # run whose worker died is noticed and started again or failed (core/runs.py).
    worker = models.CharField(max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    figures = models.JSONField(default=dict, blank=True)  # the internal figures, for checking
    board_pdf = models.BinaryField(null=True, blank=True)
    board_xlsx = models.BinaryField(null=True, blank=True)
    internal_pdf = models.BinaryField(null=True, blank=True)
    internal_xlsx = models.BinaryField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.period}"

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def period_label(self) -> str:
        """2025-autumn as 'Autumn term 2025 to 2026'; 2025 as 'School year 2025 to 2026'."""
        year, _, name = self.period.partition("-")
        if not year.isdigit():
            return self.period
        span = f"{year} to {int(year) + 1}"
        return f"{name.capitalize()} term {span}" if name else f"School year {span}"


class KeptDashboardLine(models.Model):
    """A child on the roll as the dashboard counts them (reports.child_facts), worked out for
    the day the LA is kept for (reports.kept_lines, kept by core.kept): the dashboard for a
    period to today reads these instead of loading every child's history after each change.
    The school's LA and rating are read from the school, which may change apart."""

    la = models.ForeignKey("authorities.LocalAuthority", on_delete=models.CASCADE, related_name="+")
    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="+")
    nc_year = models.IntegerField()
    since = models.DateField(null=True)
    uasc = models.BooleanField()
    is_uasc = models.BooleanField()
    legal = models.CharField(max_length=200)
    sen = models.CharField(max_length=100)
    need = models.CharField(max_length=100, null=True)
    school = models.ForeignKey(
        "schools.School", null=True, on_delete=models.CASCADE, related_name="+"
    )
    provision_type = models.CharField(max_length=40, null=True)
    without = models.CharField(max_length=30)
    school_moves = models.PositiveSmallIntegerField()
    care_placements = models.PositiveSmallIntegerField()

    class Meta:
        indexes = [models.Index(fields=["la"]), models.Index(fields=["child"])]

    def __str__(self) -> str:
        return f"dashboard line of child {self.child_id}"


class KeptLastYearLine(TallyColumns):
    """A child's attendance over the same period a year earlier than this term so far (the
    dashboard's comparison), for the children on the roll on its last day, worked out for the
    day the LA is kept for (reports.kept_last_year, kept by core.kept)."""

    la = models.ForeignKey("authorities.LocalAuthority", on_delete=models.CASCADE, related_name="+")
    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="+")
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["la"]), models.Index(fields=["child"])]

    def __str__(self) -> str:
        return f"attendance from {self.starts_on} to {self.ends_on}"
