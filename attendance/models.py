"""Attendance: the national code catalogue, every AM/PM mark, weekly tallies for fast measures,
termly census summaries, exclusions and suspensions, and actions taken on attendance alerts.

Storage is shaped for 100,000 children x 5 school years (about 190 million marks) on
PostgreSQL: a mark is one narrow row keyed by (child, date, session) with no surrogate id, and
`AttendanceWeek` keeps per-child weekly counts by category so cohort measures read ~40 rows a
child a year instead of ~380 (docs/architecture.md, "Attendance storage")."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Category(models.IntegerChoices):
    """How a code counts (attendance.md). Approved off-site activity counts as present."""

    PRESENT = 1, "Present"
    APPROVED = 2, "Approved off-site activity (counts as present)"
    AUTHORISED = 3, "Authorised absence"
    UNAUTHORISED = 4, "Unauthorised absence"
    NOT_POSSIBLE = 5, "Not a possible session"
    NO_MARK = 6, "No mark recorded"


class Session(models.TextChoices):
    AM = "AM", "Morning"
    PM = "PM", "Afternoon"


class AttendanceCode(models.Model):
    """One national code for the dates it was in force. A code whose meaning or category changes
    gets a second row with new dates; marks keep the category in force on their date."""

    code = models.CharField(max_length=2)
    meaning = models.CharField(max_length=200)
    category = models.PositiveSmallIntegerField(choices=Category.choices)
    valid_from = models.DateField(null=True, blank=True, help_text="Blank: since before 2006.")
    valid_to = models.DateField(null=True, blank=True, help_text="Blank: still in force.")
    replaced_by = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="attendance_code_once")
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.meaning})"


# The codes the alerts look for in a child's recent marks (attendance.alerts): a run of N or O
# (missing education), E (excluded, no provision), C2 (part-time timetable). A few marks in a
# hundred: indexed apart (SessionMark.Meta), the alerts read them without every recent mark.
RUN_CODES = ("N", "O")
EXCLUDED_CODE = "E"
PART_TIME_CODE = "C2"
ALERT_CODES = (*RUN_CODES, EXCLUDED_CODE, PART_TIME_CODE)
# "-": no mark recorded, which the data officer chases with the school (children.selectors
# .data_quality). About one mark in a thousand: indexed apart by date, as the alerts' codes.
NO_MARK_CODE = "-"


class SessionMark(models.Model):
    """One register mark. Writes go through attendance.writer (bulk, with change history)."""

    pk = models.CompositePrimaryKey("child_id", "date", "session")
    # The primary key's index starts with child_id, so the foreign key needs no index of its own.
    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    date = models.DateField()
    session = models.CharField(max_length=2, choices=Session.choices)
    code = models.CharField(max_length=2)
    # The category in force on `date` when the mark was stored, so a later change to the
    # catalogue never recounts old registers (attendance.md: "counted as they were at the time").
    category = models.PositiveSmallIntegerField(choices=Category.choices)
    school = models.ForeignKey(
        "schools.School",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )

    class Meta:
        ordering = ["child_id", "date", "session"]
        indexes = [
            # For 25,000 children the C2 marks of ten weeks took a scan of every mark (0.3 s).
            models.Index(
                fields=["child", "date"],
                condition=models.Q(code__in=ALERT_CODES),
                name="attendance_mark_alert_codes",
            ),
            # Four weeks of "-" marks for 25,000 children read a million marks (1.3 s a page).
            models.Index(
                fields=["date"],
                condition=models.Q(code=NO_MARK_CODE),
                name="attendance_mark_no_mark",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.session} {self.code}"


class AttendanceWeek(models.Model):
    """Counts of a child's marks by category in one Monday-to-Sunday week, kept in step with
    SessionMark by the writer (and rebuilt by `rebuild_attendance_weeks`). Signed: the writer
    upserts differences, and a database checks the proposed row before it sees the conflict."""

    pk = models.CompositePrimaryKey("child_id", "week_start")
    # No foreign key in the database (Django still deletes these with the child): the rows are
    # counted from the marks, in the same transaction as the marks, whose own key checks the
    # child. A day's import for 100,000 children spent a fifth of its time checking these.
    child = models.ForeignKey(
        "children.Child",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    week_start = models.DateField()
    present = models.SmallIntegerField(default=0)
    approved = models.SmallIntegerField(default=0)
    authorised = models.SmallIntegerField(default=0)
    unauthorised = models.SmallIntegerField(default=0)
    not_possible = models.SmallIntegerField(default=0)
    no_mark = models.SmallIntegerField(default=0)

    class Meta:
        ordering = ["child_id", "week_start"]

    def __str__(self) -> str:
        return f"Week of {self.week_start}"


class AttendancePeriod(models.Model):
    """Counts of a child's marks by category in one period of the LA's calendar: a term, or the
    holiday between two terms (attendance/periods.py). A school year is then three to six rows
    a child. Kept in step by the writer; rebuilt for an LA when its term dates change."""

    pk = models.CompositePrimaryKey("child_id", "starts_on")
    child = models.ForeignKey(  # no foreign key in the database, as AttendanceWeek's
        "children.Child",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    present = models.IntegerField(default=0)
    approved = models.IntegerField(default=0)
    authorised = models.IntegerField(default=0)
    unauthorised = models.IntegerField(default=0)
    not_possible = models.IntegerField(default=0)
    no_mark = models.IntegerField(default=0)

    class Meta:
        ordering = ["child_id", "starts_on"]
        indexes = [models.Index(fields=["starts_on", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.starts_on} to {self.ends_on}"


class SessionMarkChange(models.Model):
    """History of marks: one row each time a stored mark is replaced by a different one."""

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    session = models.CharField(max_length=2, choices=Session.choices)
    old_code = models.CharField(max_length=2)
    new_code = models.CharField(max_length=2)
    old_school = models.ForeignKey(
        "schools.School", null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    new_school = models.ForeignKey(
        "schools.School", null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["child", "date", "session", "changed_at"]

    def __str__(self) -> str:
        return f"{self.date} {self.session}: {self.old_code} to {self.new_code}"


class TermSummary(models.Model):
    """A termly school-census attendance return for a child: sessions possible and sessions per
    absence code, used for children without daily marks in that term."""

    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="attendance_summaries"
    )
    term = models.ForeignKey("authorities.Term", on_delete=models.PROTECT, related_name="+")
    sessions_possible = models.PositiveSmallIntegerField()
    codes = models.JSONField(default=dict, help_text="Absence code -> sessions.")
    authorised = models.PositiveSmallIntegerField(default=0)
    unauthorised = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "term"]
        constraints = [models.UniqueConstraint(fields=["child", "term"], name="term_summary_once")]

    def __str__(self) -> str:
        return f"Census summary, {self.term}"

    @property
    def present(self) -> int:
        return self.sessions_possible - self.authorised - self.unauthorised


class Exclusion(models.Model):
    """A suspension (fixed period) or permanent exclusion (statutory-rules.md, exclusions)."""

    class Kind(models.TextChoices):
        SUSPENSION = "suspension", "Suspension"
        PERMANENT = "permanent", "Permanent exclusion"

    class Reason(models.TextChoices):
        PP = "PP", "Physical assault against a pupil"
        PA = "PA", "Physical assault against an adult"
        VP = "VP", "Verbal abuse or threatening behaviour against a pupil"
        VA = "VA", "Verbal abuse or threatening behaviour against an adult"
        OW = "OW", "Use or threat of use of an offensive weapon or prohibited item"
        BU = "BU", "Bullying"
        RA = "RA", "Racist abuse"
        LG = "LG", "Abuse against sexual orientation or gender identity"
        DS = "DS", "Abuse relating to disability"
        SM = "SM", "Sexual misconduct"
        DA = "DA", "Drug and alcohol related"
        DM = "DM", "Damage"
        TH = "TH", "Theft"
        MT = "MT", "Inappropriate use of social media or online technology"
        PH = "PH", "Wilful and repeated transgression of public health measures"
        DB = "DB", "Persistent or general disruptive behaviour"
        OT = "OT", "Other"

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="exclusions")
    school = models.ForeignKey(
        "schools.School", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    starts_on = models.DateField()
    sessions = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Length in sessions (two a day). Blank for permanent."
    )
    reasons = models.JSONField(default=list)
    provision_from = models.DateField(
        null=True, blank=True, help_text="When full-time education elsewhere began."
    )
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "starts_on", "kind"], name="exclusion_natural_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.starts_on:%d %B %Y}"

    def clean(self) -> None:
        if self.kind == self.Kind.SUSPENSION and not self.sessions:
            raise ValidationError({"sessions": "Enter the length of the suspension in sessions."})
        if self.kind == self.Kind.PERMANENT and self.sessions:
            raise ValidationError({"sessions": "A permanent exclusion has no length."})
        unknown = [r for r in self.reasons if r not in self.Reason.values]
        if not self.reasons or unknown:
            raise ValidationError({"reasons": "Choose at least one reason from the DfE list."})
        if self.provision_from and self.starts_on and self.provision_from < self.starts_on:
            raise ValidationError(
                {"provision_from": "Provision cannot start before the exclusion."}
            )


class AlertAction(models.Model):
    """What someone did about an attendance or exclusion alert. An alert is identified by its
    child, kind and the day it began; recording an action closes that occurrence."""

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30)
    since = models.DateField()
    action = models.TextField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-recorded_at"]
        indexes = [models.Index(fields=["child", "kind", "since"])]

    def __str__(self) -> str:
        return f"{self.kind} since {self.since}"


class KeptAlert(models.Model):
    """An attendance or exclusion alert as computed for a day (attendance.kept_alerts): what the
    home pages read with one query instead of working out from every recent mark. Rebuilt for
    the children a change touches, in the change's own transaction, and for a whole LA on a new
    day; never edited by hand, so no history."""

    la = models.ForeignKey("authorities.LocalAuthority", on_delete=models.CASCADE, related_name="+")
    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30)
    since = models.DateField()
    detail = models.CharField(max_length=200)

    class Meta:
        indexes = [models.Index(fields=["la", "kind"]), models.Index(fields=["child"])]

    def __str__(self) -> str:
        return f"{self.kind} since {self.since}"


class TallyColumns(models.Model):
    """A child's tally as columns: the counts of attendance.measures.Tally (kept lines)."""

    present = models.PositiveIntegerField()
    approved = models.PositiveIntegerField()
    authorised = models.PositiveIntegerField()
    unauthorised = models.PositiveIntegerField()
    not_possible = models.PositiveIntegerField()
    no_mark = models.PositiveIntegerField()

    class Meta:
        abstract = True


class KeptAttendanceLine(TallyColumns):
    """A child's attendance for this term so far, as worked out for the day the LA is kept for
    (attendance.kept_lines, kept by core.kept): the cohort page as it opens adds these up in the
    database instead of working out every child's measures and roll entry after each change.
    The tally's columns are attendance.measures.Tally's; the labels are the cohort's groups
    (the school's name and place are read from the school, which may change apart)."""

    la = models.ForeignKey("authorities.LocalAuthority", on_delete=models.CASCADE, related_name="+")
    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="+")
    starts_on = models.DateField()
    persistent = models.BooleanField()
    severe = models.BooleanField()
    key_stage = models.CharField(max_length=40)
    year_group = models.CharField(max_length=40)
    sen = models.CharField(max_length=100)
    school = models.ForeignKey(
        "schools.School", null=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["la", "persistent"]), models.Index(fields=["child"])]

    def __str__(self) -> str:
        return f"attendance from {self.starts_on}"
