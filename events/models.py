"""Designated teacher networks, training and conferences: who booked, who came, their CPD
hours, certificates and what they thought of it."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords


class Event(models.Model):
    class Kind(models.TextChoices):
        DT_NETWORK = "dt_network", "Designated teacher network meeting"
        INDUCTION = "induction", "Induction training for designated teachers"
        REFRESHER = "refresher", "Refresher training for designated teachers"
        CONFERENCE = "conference", "Conference"
        OTHER = "other", "Other training"

    class Audience(models.TextChoices):
        DESIGNATED_TEACHERS = "dts", "Designated teachers"
        STAFF = "staff", "Virtual School staff"
        ALL = "all", "Designated teachers and Virtual School staff"

    # Training that counts as a designated teacher's training for the register.
    DT_TRAINING = (Kind.INDUCTION, Kind.REFRESHER)

    la = models.ForeignKey("authorities.LocalAuthority", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField(max_length=300, blank=True)
    link = models.URLField(blank=True, help_text="For an online event.")
    capacity = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    audience = models.CharField(max_length=5, choices=Audience.choices, default=Audience.ALL)
    cpd_hours = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%-d %b %Y})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The end must be after the start."})
        if not self.place and not self.link:
            raise ValidationError({"place": "Enter the place, or a link for an online event."})


class Booking(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="bookings")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="bookings")
    school = models.ForeignKey(  # a designated teacher's school when they booked
        "schools.School", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    booked_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(null=True, blank=True)  # None until the register is taken
    usefulness = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    takeaway = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "booked_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="one_booking_each")]

    def __str__(self) -> str:
        return f"{self.user} at {self.event}"
