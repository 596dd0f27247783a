"""Looked-after children and the people and places linked to them.

Every child belongs to exactly one LocalAuthority (the LA looking after them). The roll issue
extends these models with the rest of the SSDA903 return and the education data.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from children.roll.rules import (
    SHORT_BREAK_LEGAL_STATUSES,  # noqa: F401  (imported from here by other apps)
    looked_after_episode_q,
    virtual_school_age_q,
)


class ChildQuerySet(models.QuerySet):
    def visible_to(self, user) -> ChildQuerySet:
        """Children this user may see, from the roles they hold. See docs/security.md."""
        from children.access import child_visibility_q

        return self.filter(child_visibility_q(user))

    def looked_after_on(self, day) -> ChildQuerySet:
        """Looked after on `day` (children/roll/rules.py has the rule)."""
        episodes = CareEpisode.objects.filter(looked_after_episode_q(day))
        return self.filter(pk__in=episodes.values("child_id"))

    def on_roll(self, day) -> ChildQuerySet:
        """On the Virtual School's roll on `day` (children/roll/rules.py has the rule)."""
        return self.looked_after_on(day).filter(virtual_school_age_q(day))


class Child(models.Model):
    class Sex(models.TextChoices):
        """As the return gives it: 1/2 up to 2023-24, M/F/U from 2024-25."""

        MALE = "1", "Male"
        FEMALE = "2", "Female"
        M = "M", "Male"
        F = "F", "Female"
        U = "U", "Unknown or indeterminate"

    la = models.ForeignKey(
        "authorities.LocalAuthority", on_delete=models.PROTECT, related_name="children"
    )
    la_child_id = models.CharField(max_length=10, verbose_name="LA child ID")
    upn = models.CharField(max_length=13, blank=True, verbose_name="UPN")
    upn_valid = models.BooleanField(default=False)
    forename = models.CharField(max_length=100, blank=True)
    surname = models.CharField(max_length=100, blank=True)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices)
    ethnicity = models.CharField(max_length=4, blank=True)
    is_uasc = models.BooleanField(default=False, verbose_name="Unaccompanied asylum-seeking child")
    uasc_ceased_on = models.DateField(null=True, blank=True, verbose_name="DUC")
    is_mother = models.BooleanField(null=True, blank=True, verbose_name="MOTHER")
    mother_child_dob = models.DateField(null=True, blank=True, verbose_name="MC_DOB")
    health_notes = models.TextField(blank=True)
    education_support_advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="caseload",
    )
    send_wellbeing_overlay = models.BooleanField(
        default=False, help_text="Also on the SEND, attachment and wellbeing team's list."
    )

    objects = ChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["surname", "forename", "la_child_id"]
        verbose_name_plural = "children"
        constraints = [
            models.UniqueConstraint(fields=["la", "la_child_id"], name="child_id_unique_per_la")
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.forename
        name = f"{first} {self.surname}".strip()
        return name or f"Child {self.la_child_id}"


class CareEpisode(models.Model):
    """One SSDA903 episode: a period with one legal status and one care placement."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="episodes")
    started_on = models.DateField(verbose_name="DECOM")
    reason_new_episode = models.CharField(max_length=1, blank=True, verbose_name="RNE")
    legal_status = models.CharField(max_length=2, verbose_name="LS")
    category_of_need = models.CharField(max_length=2, blank=True, verbose_name="CIN")
    placement_type = models.CharField(max_length=3, blank=True, verbose_name="PLACE")
    placement_provider = models.CharField(max_length=3, blank=True, verbose_name="PLACE_PROVIDER")
    ended_on = models.DateField(null=True, blank=True, verbose_name="DEC")
    reason_ceased = models.CharField(max_length=3, blank=True, verbose_name="REC")
    reason_place_change = models.CharField(max_length=6, blank=True)
    home_postcode = models.CharField(max_length=8, blank=True, verbose_name="HOME_POST")
    placement_postcode = models.CharField(max_length=8, blank=True, verbose_name="PL_POST")
    provider_urn = models.CharField(max_length=8, blank=True, verbose_name="Provider URN")

    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "started_on"]
        constraints = [
            models.UniqueConstraint(fields=["child", "started_on"], name="episode_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.legal_status} {self.started_on} to {self.ended_on or 'now'}"

    def clean(self) -> None:
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "An episode cannot end before it starts."})


class ChildRelationship(models.Model):
    """A professional or carer linked to a child: what lets them see that child."""

    class Kind(models.TextChoices):
        SOCIAL_WORKER = "social_worker", "Social worker"
        IRO = "iro", "Independent reviewing officer"
        CARER = "carer", "Carer"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="relationships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="child_relationships"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "user", "kind"],
                condition=Q(ended_on__isnull=True),
                name="one_open_relationship_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of child {self.child_id}"


class EducationPlacement(models.Model):
    """Where a child is educated: a school (by URN) or a non-school provision."""

    class ProvisionType(models.TextChoices):
        SCHOOL = "school", "School"
        ALTERNATIVE_PROVISION = "alternative-provision", "Alternative provision"
        COLLEGE = "college", "College"
        TUITION = "tuition", "Tuition"
        TRAINING = "training", "Training provider"
        BESPOKE_PACKAGE = "bespoke-package", "Bespoke package"
        NONE = "none", "No education placement"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="education_placements")
    school = models.ForeignKey(
        "schools.School",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="education_placements",
    )

    class AttendancePattern(models.TextChoices):
        FULL_TIME = "full-time", "Full time"
        PART_TIME = "part-time", "Part time"

    class EndReason(models.TextChoices):
        PLANNED = "planned", "Planned move"
        UNPLANNED = "unplanned", "Unplanned end"
        EXCLUSION = "exclusion", "Permanent exclusion"
        MOVED_PLACEMENT = "moved-placement", "Care placement moved"
        TRANSITION = "transition", "Normal transition (end of phase)"
        LEFT_CARE = "left-care", "Left care"
        SCHOOL_REPLACED = "school-replaced", "The school closed and a successor replaced it"
        OTHER = "other", "Other"

    provision_type = models.CharField(max_length=30, choices=ProvisionType.choices)
    urn = models.PositiveIntegerField(
        null=True,
        blank=True,
        verbose_name="URN",
        help_text="As given; `school` is set when the URN is in the register (GIAS).",
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    nc_year = models.SmallIntegerField(
        null=True, blank=True, help_text="National curriculum year: -1 nursery, 0 reception."
    )
    attendance_pattern = models.CharField(
        max_length=10, choices=AttendancePattern.choices, default=AttendancePattern.FULL_TIME
    )
    hours_per_week = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    is_dual_registered = models.BooleanField(default=False)
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "started_on", "provision_type", "urn"],
                condition=Q(urn__isnull=False),
                name="placement_natural_key_urn",
            ),
            models.UniqueConstraint(
                fields=["child", "started_on", "provision_type"],
                condition=Q(urn__isnull=True),
                name="placement_natural_key_no_urn",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school or self.get_provision_type_display()} from {self.started_on}"

    def clean(self) -> None:
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "A placement cannot end before it starts."})
        if self.provision_type == self.ProvisionType.SCHOOL and not (self.school_id or self.urn):
            raise ValidationError({"urn": "A school placement needs the school's URN."})
        if self.attendance_pattern == self.AttendancePattern.PART_TIME and not self.hours_per_week:
            raise ValidationError({"hours_per_week": "Give the hours a week of a part-time place."})


class SdqScore(models.Model):
    """A Strengths and Difficulties Questionnaire total: yearly from OC2, or entered by hand.
    Mental-health data (view_health only)."""

    class Source(models.TextChoices):
        SSDA903 = "ssda903", "SSDA903 return (OC2)"
        MANUAL = "manual", "Entered by hand"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="sdq_scores")
    collection_year = models.PositiveSmallIntegerField(
        help_text="The year ending 31 March the score belongs to, e.g. 2026 for 2025-26."
    )
    recorded_on = models.DateField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=5, blank=True, verbose_name="SDQ_REASON")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.SSDA903)

    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-collection_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "collection_year", "source"], name="sdq_one_per_year_source"
            ),
            models.CheckConstraint(condition=Q(score__lte=40), name="sdq_score_0_to_40"),
        ]

    def __str__(self) -> str:
        return f"SDQ {self.score} ({self.collection_year - 1}-{self.collection_year % 100:02d})"

    @property
    def is_concern(self) -> bool:
        return self.score is not None and self.score >= 17  # data-formats.md: 17+ is a concern


class Oc2Outcome(models.Model):
    """The rest of an OC2 row: health and offending outcomes for children looked after 12+ months.
    Health data (view_health only)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="oc2_outcomes")
    collection_year = models.PositiveSmallIntegerField()
    convicted = models.CharField(max_length=1, blank=True)
    health_check = models.CharField(max_length=1, blank=True)
    immunisations = models.CharField(max_length=1, blank=True)
    teeth_check = models.CharField(max_length=1, blank=True)
    health_assessment = models.CharField(max_length=1, blank=True)
    substance_misuse = models.CharField(max_length=1, blank=True)
    intervention_received = models.CharField(max_length=1, blank=True)
    intervention_offered = models.CharField(max_length=1, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-collection_year"]
        constraints = [
            models.UniqueConstraint(fields=["child", "collection_year"], name="oc2_one_per_year")
        ]

    def __str__(self) -> str:
        return f"OC2 {self.collection_year}"


class MissingEpisode(models.Model):
    """A period missing from, or away from, placement without authorisation (SSDA903 Missing)."""

    class Kind(models.TextChoices):
        MISSING = "M", "Missing"
        AWAY = "A", "Away from placement without authorisation"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="missing_episodes")
    kind = models.CharField(max_length=1, choices=Kind.choices)
    started_on = models.DateField(verbose_name="MIS_START")
    ended_on = models.DateField(null=True, blank=True, verbose_name="MIS_END")

    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "started_on", "kind"], name="missing_unique_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.started_on}"


class CareReview(models.Model):
    """A looked-after child review (SSDA903 Reviews): PEPs are due ready for these."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(verbose_name="REVIEW")
    code = models.CharField(max_length=4, blank=True, verbose_name="REVIEW_CODE")

    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-reviewed_on"]
        constraints = [
            models.UniqueConstraint(fields=["child", "reviewed_on"], name="review_unique_date")
        ]

    def __str__(self) -> str:
        return f"Review {self.reviewed_on}"


class SocialWorkerEpisode(models.Model):
    """SSDA903 SWEpisodes (from 2023-24): who the child's social worker was, and when."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="sw_episodes")
    social_worker_id = models.CharField(max_length=20, verbose_name="SW_ID")
    started_on = models.DateField(verbose_name="SW_DECOM")
    ended_on = models.DateField(null=True, blank=True, verbose_name="SW_DEC")
    reason = models.CharField(max_length=10, blank=True, verbose_name="SW_REASON")

    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "started_on", "social_worker_id"], name="sw_episode_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Social worker {self.social_worker_id} from {self.started_on}"


class DeprivationOfLiberty(models.Model):
    """SSDA903 DoLo: a deprivation of liberty order and its dates."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="dolo_orders")
    started_on = models.DateField(verbose_name="DOLO_START")
    ended_on = models.DateField(null=True, blank=True, verbose_name="DOLO_END")

    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-started_on"]
        verbose_name = "deprivation of liberty order"
        constraints = [
            models.UniqueConstraint(fields=["child", "started_on"], name="dolo_unique_start")
        ]

    def __str__(self) -> str:
        return f"Deprivation of liberty from {self.started_on}"


class ReturnFlag(models.Model):
    """A consistency problem found in an SSDA903 return, kept for the data-quality page.

    Derived from the return: each import of a year replaces that year's flags, so they carry no
    history of their own (the return's rows and their history are the record)."""

    class Kind(models.TextChoices):
        OVERLAP = "overlap", "Episodes overlap"
        OPEN_WITH_REASON = "open-with-reason", "Open episode with a reason it ended"
        ENDED_WITHOUT_REASON = "ended-without-reason", "Ended episode with no reason"
        DOB_DIFFERS = "dob-differs", "Date of birth differs between tables"
        REVIEW_CODES_DIFFER = "review-codes-differ", "Two reviews on one day with different codes"
        AFTER_18 = "after-18", "Episode starting on or after the 18th birthday"
        MISSING_FROM_RETURN = (
            "missing-from-return",
            "Looked after at the year's start, not in the return",
        )

    la = models.ForeignKey(
        "authorities.LocalAuthority", on_delete=models.CASCADE, related_name="return_flags"
    )
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="return_flags")
    collection_year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=30, choices=Kind.choices)
    rule = models.CharField(max_length=8, blank=True, help_text="DfE validation rule, if any")
    message = models.TextField()

    class Meta:
        ordering = ["collection_year", "child", "kind"]
        indexes = [models.Index(fields=["la", "collection_year"])]

    def __str__(self) -> str:
        return self.message

    @property
    def year_label(self) -> str:
        return f"{self.collection_year - 1}-{self.collection_year % 100:02d}"


class Ks4MoveApproval(models.Model):
    """Regulation 10 (Care Planning Regulations 2010): a care placement change that would move a
    Year 10 or 11 child's school needs the nominated officer's (the VSH's) approval first, with
    the designated teacher and the IRO consulted; emergency moves are recorded instead."""

    episode = models.OneToOneField(
        CareEpisode, on_delete=models.CASCADE, related_name="ks4_approval"
    )
    emergency = models.BooleanField(default=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_on = models.DateField(null=True, blank=True)
    dt_consulted_on = models.DateField(null=True, blank=True)
    iro_consulted_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return "Emergency move" if self.emergency else f"Approved {self.approved_on}"

    def clean(self) -> None:
        if self.emergency:
            return
        missing = {
            "dt_consulted_on": "Record when the designated teacher was consulted.",
            "iro_consulted_on": "Record when the IRO was consulted.",
        }
        errors = {f: m for f, m in missing.items() if getattr(self, f) is None}
        if errors:
            raise ValidationError(errors)


class KeptNoPlace(models.Model):
    """A child on the roll without a school place on the day it was kept for, and how long
    (children.kept_no_place, kept by core.kept): what the home pages list with one query."""

    la = models.ForeignKey("authorities.LocalAuthority", on_delete=models.CASCADE, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    since = models.DateField()
    school_days = models.PositiveIntegerField()
    overdue = models.BooleanField()

    class Meta:
        indexes = [models.Index(fields=["la", "school_days"]), models.Index(fields=["child"])]

    def __str__(self) -> str:
        return f"No school place since {self.since}"
