"""Schools and other education settings, in the shape of the DfE's GIAS register."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from authorities.models import la_code_validator


class School(models.Model):
    """One GIAS establishment. Not owned by an LA: shared by every LA placing children there."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        OPEN_PROPOSED_TO_CLOSE = "open_proposed_to_close", "Open, but proposed to close"
        PROPOSED_TO_OPEN = "proposed_to_open", "Proposed to open"

    urn = models.PositiveIntegerField(unique=True, verbose_name="URN")
    la_code = models.CharField(max_length=3, validators=[la_code_validator], db_index=True)
    la_name = models.CharField(max_length=100, blank=True)
    establishment_number = models.CharField(
        max_length=4, blank=True, validators=[RegexValidator(r"^\d{4}$")]
    )
    name = models.CharField(max_length=200)
    type_of_establishment = models.CharField(max_length=100, blank=True)
    type_group = models.CharField(max_length=100, blank=True)
    phase = models.CharField(max_length=50, blank=True)
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.OPEN)
    open_date = models.DateField(null=True, blank=True)
    close_date = models.DateField(null=True, blank=True)
    statutory_low_age = models.PositiveSmallIntegerField(null=True, blank=True)
    statutory_high_age = models.PositiveSmallIntegerField(null=True, blank=True)
    street = models.CharField(max_length=200, blank=True)
    locality = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    telephone = models.CharField(max_length=30, blank=True)
    head_title = models.CharField(max_length=30, blank=True)
    head_first_name = models.CharField(max_length=100, blank=True)
    head_last_name = models.CharField(max_length=100, blank=True)

    class InspectionSource(models.TextChoices):
        GIAS = "gias", "GIAS register"
        IMPORTED = "imported", "Imported inspection outcomes"
        ENTERED = "entered", "Entered by hand"

    ofsted_rating = models.CharField(max_length=50, blank=True)
    ofsted_last_inspection = models.DateField(null=True, blank=True)
    ofsted_source = models.CharField(
        max_length=10,
        choices=InspectionSource.choices,
        blank=True,
        help_text="Where the inspection outcome came from: GIAS stopped carrying it in 2025.",
    )
    sen_provision = models.JSONField(default=list, blank=True)
    trust_name = models.CharField(max_length=200, blank=True)
    easting = models.PositiveIntegerField(null=True, blank=True)
    northing = models.PositiveIntegerField(null=True, blank=True)
    ukprn = models.CharField(max_length=8, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.urn})"

    @property
    def laestab(self) -> str:
        """The DfE 'LAEstab' number: LA code followed by establishment number, e.g. 3302019."""
        return f"{self.la_code}{self.establishment_number}" if self.establishment_number else ""

    @property
    def head_name(self) -> str:
        return " ".join(
            p for p in (self.head_title, self.head_first_name, self.head_last_name) if p
        )


class SchoolLink(models.Model):
    """A GIAS link between two URNs (the links file): a school that closed and the one that
    replaced it (academy conversion, amalgamation). Either URN may be outside our register."""

    urn = models.PositiveIntegerField(verbose_name="URN", db_index=True)
    link_urn = models.PositiveIntegerField(verbose_name="linked URN", db_index=True)
    link_name = models.CharField(max_length=200, blank=True)
    link_type = models.CharField(max_length=100, help_text='e.g. "Successor", "Predecessor"')
    established_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["urn", "link_type", "link_urn"]
        constraints = [
            models.UniqueConstraint(
                fields=["urn", "link_urn", "link_type"], name="school_link_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.urn} {self.link_type} {self.link_urn}"

    @property
    def is_successor(self) -> bool:
        """`link_urn` replaced `urn`."""
        return self.link_type.lower().startswith("successor")

    @property
    def is_predecessor(self) -> bool:
        """`link_urn` was replaced by `urn`."""
        return self.link_type.lower().startswith("predecessor")


class Area(models.Model):
    """One of an LA's areas of schools, with the Area Education Officers who work with them."""

    la = models.ForeignKey(
        "authorities.LocalAuthority", on_delete=models.CASCADE, related_name="school_areas"
    )
    name = models.CharField(max_length=100)
    officers = models.ManyToManyField("accounts.User", blank=True, related_name="school_areas")

    history = HistoricalRecords(m2m_fields=[officers])

    class Meta:
        ordering = ["la", "name"]
        constraints = [models.UniqueConstraint(fields=["la", "name"], name="area_name_unique")]

    def __str__(self) -> str:
        return self.name


class AreaSchool(models.Model):
    """A school in one of an LA's areas: each LA puts a school in one of its areas at most (a
    school out of the LA, where its children go, can be in one too)."""

    la = models.ForeignKey("authorities.LocalAuthority", on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="schools")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="areas")

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["la", "school"], name="area_school_once_per_la")
        ]

    def __str__(self) -> str:
        return f"{self.school} in {self.area}"


class DesignatedTeacher(models.Model):
    """The designated teacher register: who holds the statutory role at a school (with a
    sign-in or a contact without one), since when, and their training. A fact about the school,
    shared by every LA with a child there; `ended_on` closes an entry when someone else takes
    over, so the history stays."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="dt_entries")
    user = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    telephone = models.CharField(max_length=30, blank=True)
    started_on = models.DateField(verbose_name="took the role on")
    qualified_teacher = models.BooleanField(default=True)
    trained_on = models.DateField(null=True, blank=True, verbose_name="last trained on")
    ended_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["school", "-started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school"],
                condition=models.Q(ended_on__isnull=True),
                name="one_current_dt_per_school",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}, designated teacher at {self.school}"
