"""Personal Education Plans (statutory-rules.md, PEP): the plan, its sections written by
different people, SMART targets with Pupil Premium Plus, the meeting, and quality assurance.

A signed-off PEP is locked; changing it starts a new version that points back to it."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class PepType(models.TextChoices):
    INITIAL = "initial", "Initial (on entering care)"
    TERMLY = "termly", "Termly review"
    CHANGE_OF_SCHOOL = "change_of_school", "After a change of school"


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned"
    QUALITY_ASSURED = "quality_assured", "Quality assured"
    SIGNED_OFF = "signed_off", "Signed off"


class Pep(models.Model):
    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="peps")
    pep_type = models.CharField(max_length=16, choices=PepType.choices)
    term = models.ForeignKey(
        "authorities.Term", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NOT_STARTED)
    version = models.PositiveSmallIntegerField(default=1)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_versions"
    )
    returned_reason = models.TextField(blank=True)
    quality_rating = models.CharField(max_length=30, blank=True)
    meeting_on = models.DateField(null=True, blank=True)
    next_meeting_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-due_on", "-version"]
        verbose_name = "PEP"

    def __str__(self) -> str:
        return f"{self.get_pep_type_display()} PEP due {self.due_on:%d %B %Y}"

    @property
    def locked(self) -> bool:
        return self.status == Status.SIGNED_OFF


class Section(models.TextChoices):
    VOICE = "voice", "The child's voice"
    EDUCATION_HISTORY = "education_history", "Education history"
    ATTENDANCE_ATTAINMENT = "attendance_attainment", "Attendance and attainment"
    SEN_WELLBEING = "sen_wellbeing", "SEN and wellbeing"
    TARGETS = "targets", "Targets and Pupil Premium Plus"
    CARER = "carer", "The carer's role"
    LEISURE = "leisure", "Leisure interests"
    TRANSITIONS = "transitions", "Planned changes and transitions"
    POST16 = "post16", "Education, employment and training after 16"
    MEETING = "meeting", "The PEP meeting"


class PepSection(models.Model):
    """One section's text. `revision` counts saves: a save names the revision it started from
    and is refused if someone saved in between (optimistic locking, no lost text)."""

    pep = models.ForeignKey(Pep, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=24, choices=Section.choices)
    text = models.TextField(blank=True)
    revision = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pep", "key"]
        constraints = [models.UniqueConstraint(fields=["pep", "key"], name="pep_section_once")]

    def __str__(self) -> str:
        return self.get_key_display()


class PepTarget(models.Model):
    """A SMART target: what, how it is measured, by when, who; with the PP+ that funds it and,
    in a later PEP, whether it was met."""

    class Category(models.TextChoices):
        LITERACY = "literacy", "Literacy"
        NUMERACY = "numeracy", "Numeracy"
        TUITION = "tuition", "One-to-one or small-group tuition"
        SEMH = "semh", "Social, emotional and mental health"
        ATTENDANCE = "attendance", "Attendance and engagement"
        ENRICHMENT = "enrichment", "Enrichment and cultural capital"
        EQUIPMENT = "equipment", "Equipment and resources"
        CAREERS = "careers", "Careers and transition"
        OTHER = "other", "Other"

    class Outcome(models.TextChoices):
        MET = "met", "Met"
        PARTLY = "partly", "Partly met"
        NOT_MET = "not_met", "Not met"

    pep = models.ForeignKey(Pep, on_delete=models.CASCADE, related_name="targets")
    what = models.TextField()
    measure = models.TextField(help_text="How progress will be measured")
    by_when = models.DateField()
    who = models.CharField(max_length=200)
    pp_amount = models.DecimalField(
        max_digits=8, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    category = models.CharField(max_length=12, choices=Category.choices, blank=True)
    outcome = models.CharField(max_length=8, choices=Outcome.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pep", "by_when", "pk"]

    def __str__(self) -> str:
        return self.what[:60]

    def clean(self) -> None:
        if self.pp_amount and not self.category:
            raise ValidationError({"category": "Choose the intervention the PP+ pays for."})


class PepAttendee(models.Model):
    pep = models.ForeignKey(Pep, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=100)

    class Meta:
        ordering = ["pep", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


class QualityReview(models.Model):
    """The Virtual School's rating of one rubric criterion (what-users-expect.md)."""

    pep = models.ForeignKey(Pep, on_delete=models.CASCADE, related_name="quality_reviews")
    criterion = models.CharField(max_length=40)
    rating = models.CharField(max_length=30)
    feedback = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pep", "criterion"]
        constraints = [
            models.UniqueConstraint(fields=["pep", "criterion"], name="quality_review_once")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.rating}"


class KeptPepDue(models.Model):
    """The PEP due now for a child on the roll, and the PEP that answers it (peps.kept_due,
    kept by core.kept): what the home pages list without working out every child's clock."""

    la = models.ForeignKey("authorities.LocalAuthority", on_delete=models.CASCADE, related_name="+")
    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="+")
    pep_type = models.CharField(max_length=16, choices=PepType.choices)
    due_on = models.DateField()
    since = models.DateField()
    term = models.ForeignKey(
        "authorities.Term", null=True, on_delete=models.CASCADE, related_name="+"
    )
    pep = models.ForeignKey(Pep, null=True, on_delete=models.SET_NULL, related_name="+")
    done = models.BooleanField()
    # Where the child is on the day, for the compliance page's groups (names joined when read).
    school = models.ForeignKey(
        "schools.School", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    key_stage = models.CharField(max_length=30, default="")

    class Meta:
        indexes = [models.Index(fields=["la", "done", "due_on"])]

    def __str__(self) -> str:
        return f"{self.pep_type} due {self.due_on}"
