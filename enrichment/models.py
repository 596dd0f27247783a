"""Enrichment: arts, music, sport, culture and therapeutic activities run by the Virtual School
or a partner (a charity), children booked onto them with as little data as possible, consent
for photographs and media, a short evaluation per booking; and each young person's post-16
activity (education, employment or training), checked monthly."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

MEDIA_USES = [
    ("internal", "Internal use"),
    ("website", "Website"),
    ("press", "Press"),
    ("social_media", "Social media"),
]
GROUPS = [
    ("cla", "Children in care"),
    ("plac", "Previously looked-after children"),
    ("care_leavers", "Care leavers"),
]


class Partner(models.Model):
    """An organisation running activities with the Virtual School; its staff (role
    partner_staff) see only the bookings for its activities."""

    la = models.ForeignKey("authorities.LocalAuthority", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    staff = models.ManyToManyField("accounts.User", blank=True, related_name="partners")

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["la", "name"], name="partner_name_once")]

    def __str__(self) -> str:
        return self.name


class Activity(models.Model):
    class Category(models.TextChoices):
        ARTS = "arts", "Arts"
        MUSIC = "music", "Music"
        SPORT = "sport", "Sport"
        CULTURE = "culture", "Culture"
        THERAPEUTIC = "therapeutic", "Therapeutic"
        OTHER = "other", "Other"

    class Where(models.TextChoices):
        IN_LA = "in_la", "In the LA"
        OUT_OF_LA = "out_of_la", "Outside the LA"
        ONLINE = "online", "Online"

    class Fund(models.TextChoices):
        PP_PLUS = "pp_plus", "Pupil Premium Plus central spend"
        CHARITY = "charity", "The charity"
        OTHER = "other", "Other"
        NONE = "none", "No cost"

    la = models.ForeignKey("authorities.LocalAuthority", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    category = models.CharField(max_length=12, choices=Category.choices)
    partner = models.ForeignKey(
        Partner,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
        help_text="Blank: run by the Virtual School.",
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    place = models.CharField(max_length=200)
    where = models.CharField(max_length=10, choices=Where.choices)
    capacity = models.PositiveSmallIntegerField()
    min_year = models.SmallIntegerField(default=-1, help_text="NC year, -1 for nursery.")
    max_year = models.SmallIntegerField(default=13)
    groups = models.JSONField(default=list)
    cost = models.DecimalField(max_digits=9, decimal_places=2, default=0)
    fund = models.CharField(max_length=8, choices=Fund.choices, default=Fund.NONE)
    central_spend = models.ForeignKey(
        "funding.CentralSpend",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The PP+ central spend line it is paid from.",
    )
    leaders = models.CharField(max_length=300, blank=True, verbose_name="people running it")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "It cannot end before it starts."})
        if self.min_year > self.max_year:
            raise ValidationError({"max_year": "The last year group is before the first."})
        if self.fund == self.Fund.PP_PLUS and self.central_spend_id is None:
            raise ValidationError(
                {"central_spend": "Choose the PP+ central spend line it is paid from."}
            )
        if not self.groups or set(self.groups) - {g for g, _ in GROUPS}:
            raise ValidationError({"groups": "Choose who it is for."})


class Booking(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        WAITING = "waiting", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="bookings")
    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="enrichment")
    status = models.CharField(max_length=10, choices=Status.choices)
    booked_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    booked_at = models.DateTimeField(auto_now_add=True)
    # What the partner sees, chosen by the booker: never the care record.
    needs_shared = models.CharField(
        max_length=500, blank=True, verbose_name="access or medical needs to share"
    )
    emergency_contact = models.CharField(max_length=200)
    attended = models.BooleanField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["booked_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "child"],
                condition=~models.Q(status="cancelled"),
                name="one_live_booking_per_child",
            )
        ]

    def __str__(self) -> str:
        return f"{self.child} on {self.activity}"


class Evaluation(models.Model):
    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="evaluation")
    wellbeing_before = models.PositiveSmallIntegerField(null=True, blank=True)  # 1 to 10
    wellbeing_after = models.PositiveSmallIntegerField(null=True, blank=True)
    enjoyed = models.BooleanField(null=True, blank=True)
    child_words = models.TextField(max_length=2000, blank=True, verbose_name="in the child's words")

    def __str__(self) -> str:
        return f"Evaluation of {self.booking}"


class MediaConsent(models.Model):
    """Who holds delegated authority for photographs and media (from the placement plan), what
    they agreed to, until when; withdrawn consent stays, dated."""

    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="media_consents"
    )
    holder = models.CharField(max_length=200, verbose_name="delegated authority held by")
    uses = models.JSONField(default=list, blank=True)  # none: no photographs
    not_identifiable = models.BooleanField(
        default=True, verbose_name="must not be identifiable as a child in care"
    )
    given_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"Media consent from {self.given_on}"


class Post16Check(models.Model):
    """A young person's activity in a month (Years 12 and 13), checked by their advisor."""

    class Activity(models.TextChoices):
        SIXTH_FORM = "sixth_form", "School sixth form"
        COLLEGE = "college", "College"
        APPRENTICESHIP = "apprenticeship", "Apprenticeship"
        TRAINING = "training", "Training"
        EMPLOYMENT = "employment", "Employment with training"
        BESPOKE = "bespoke", "Bespoke package"
        NEET = "neet", "Not in education, employment or training (NEET)"

    class NeetReason(models.TextChoices):
        SEEKING = "seeking", "Looking for work or learning"
        ILLNESS = "illness", "Illness or disability"
        PARENT = "parent", "Young parent or carer"
        NOT_READY = "not_ready", "Not ready for work or learning"
        CUSTODY = "custody", "In custody"
        NOT_KNOWN = "not_known", "Not known"

    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="post16_checks"
    )
    month = models.DateField(help_text="The first of the month.")
    activity = models.CharField(max_length=14, choices=Activity.choices)
    neet_reason = models.CharField(max_length=10, choices=NeetReason.choices, blank=True)
    provider = models.CharField(max_length=200, blank=True)
    checked_on = models.DateField()
    checked_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["child", "month"], name="post16_once_a_month")
        ]

    def __str__(self) -> str:
        return f"{self.get_activity_display()} in {self.month:%B %Y}"

    def clean(self):
        if self.activity == self.Activity.NEET and not self.neet_reason:
            raise ValidationError(
                {
                    "neet_reason": "Give the reason they are not in education, "
                    "employment or training."
                }
            )
        if self.activity != self.Activity.NEET:
            self.neet_reason = ""


class KeptPost16Month(models.Model):
    """A young person in Years 12 and 13 this school year who was on the roll on a month's 1st,
    as kept for a day (enrichment.kept_post16, kept by core.kept): what the dashboard's monthly
    EET share counts, with that month's checks, in the database."""

    la = models.ForeignKey("authorities.LocalAuthority", on_delete=models.CASCADE, related_name="+")
    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["la", "month"]), models.Index(fields=["child", "month"])]

    def __str__(self) -> str:
        return f"On the roll on {self.month}"
