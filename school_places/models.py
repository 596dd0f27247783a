"""A school place case: the School Placement Officer's work from a referral to the child
starting school, with its dated steps and the applications to schools."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from authorities.models import la_code_validator


class Case(models.Model):
    class Source(models.TextChoices):
        OFFICER = "officer", "Opened by a placement officer"
        NO_PLACE = "no_place", "From the no-school-place alert"
        PLACEMENT_CHANGE = "placement_change", "A care placement change will move school"
        REFERRAL = "referral", "A social worker's referral"

    class Step(models.TextChoices):
        REFERRAL = "referral", "Referral"
        SEARCH = "search", "School search"
        APPLICATIONS = "applications", "Applications"
        OFFER = "offer", "Offer"
        ESCALATION = "escalation", "Escalation"
        STARTED = "started", "Started school"
        CLOSED = "closed", "Closed"

    class Outcome(models.TextChoices):
        STARTED = "started", "Started at a school"
        AP = "ap", "Alternative provision arranged"
        LEFT_CARE = "left_care", "Left care"
        NOT_NEEDED = "not_needed", "No longer needed"
        OTHER = "other", "Other"

    la = models.ForeignKey("authorities.LocalAuthority", on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="school_place_cases"
    )
    source = models.CharField(max_length=20, choices=Source.choices)
    step = models.CharField(max_length=12, choices=Step.choices, default=Step.REFERRAL)
    opened_on = models.DateField()
    officer = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    referred_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    care_placement = models.CharField(
        max_length=300, blank=True, help_text="Where the child lives: the area or town."
    )
    reason = models.TextField()
    preferences = models.TextField(blank=True)
    sen_notes = models.TextField(blank=True)
    child_views = models.TextField(blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["opened_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=models.Q(closed_on__isnull=True),
                name="one_open_school_place_case",
            )
        ]

    def __str__(self) -> str:
        return f"School place case for {self.child} from {self.opened_on}"


class CaseStep(models.Model):
    """Each step the case reached, dated: its history."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(max_length=12, choices=Case.Step.choices)
    on = models.DateField()
    note = models.CharField(max_length=500, blank=True)
    by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_step_display()} on {self.on}"


class Application(models.Model):
    class Round(models.TextChoices):
        NORMAL = "normal", "Normal admissions round"
        IN_YEAR = "in_year", "In-year"

    class Decision(models.TextChoices):
        OFFERED = "offered", "Offered a place"
        REFUSED = "refused", "Refused"
        WITHDRAWN = "withdrawn", "Withdrawn"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="applications")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField()
    round = models.CharField(max_length=8, choices=Round.choices, default=Round.IN_YEAR)
    admission_authority = models.CharField(max_length=100, blank=True)
    decision_due = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    choice_reason = models.CharField(
        max_length=500,
        blank=True,
        help_text="Why this school, where it goes against the council's school-choice guidance.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["sent_on", "pk"]

    def __str__(self) -> str:
        return f"Application to {self.school} sent {self.sent_on}"


class Escalation(models.Model):
    """When a school will not admit: a direction to admit (s97A, where the LA may direct) or,
    for an academy, a request to the Secretary of State. Each step dated; the clocks are in
    school_places.rules."""

    class Route(models.TextChoices):
        DIRECTION = "direction", "Direction to admit (s97A)"
        SECRETARY_OF_STATE = "sos", "Request to the Secretary of State (academy)"

    class Outcome(models.TextChoices):
        ADMITTED = "admitted", "The school agreed to admit"
        DIRECTED = "directed", "Directed to admit"
        ADJUDICATOR = "adjudicator", "Decided by the Schools Adjudicator"
        SOS_DIRECTED = "sos_directed", "The Secretary of State directed the academy"
        SOS_DECLINED = "sos_declined", "The Secretary of State declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="escalations")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    route = models.CharField(max_length=10, choices=Route.choices)
    started_on = models.DateField()
    consulted_on = models.DateField(null=True, blank=True)
    reply_on = models.DateField(null=True, blank=True)
    notice_on = models.DateField(null=True, blank=True)
    adjudicator_referred_on = models.DateField(null=True, blank=True)
    adjudicator_decided_on = models.DateField(null=True, blank=True)
    directed_on = models.DateField(null=True, blank=True)
    requested_on = models.DateField(null=True, blank=True)
    chased_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["started_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_route_display()} for {self.application.school}"


class LetterTemplate(models.Model):
    """An LA's own wording of an escalation letter; without one, the service's default
    (school_places.letters.DEFAULTS). Placeholders like $child_name (string.Template)."""

    class Kind(models.TextChoices):
        CONSULTATION = "consultation", "Consultation before a direction"
        NOTICE = "notice", "Written notice of the decision to direct"
        DIRECTION = "direction", "Direction to admit"
        SOS_REQUEST = "sos_request", "Request to the Secretary of State"
        SOS_CHASE = "sos_chase", "Chasing the Secretary of State's decision"

    la = models.ForeignKey("authorities.LocalAuthority", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField(max_length=10000)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["la", "kind"], name="one_letter_template_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.la})"


class Package(models.Model):
    """Alternative provision, a bespoke education package or a part-time timetable: what the
    child gets, from whom, for how many hours, who pays, and the plan back to full time."""

    class Kind(models.TextChoices):
        AP = "ap", "Alternative provision"
        BESPOKE = "bespoke", "Bespoke education package"
        PART_TIME = "part_time", "Part-time timetable"

    class Provider(models.TextChoices):
        SCHOOL = "school", "A registered school (URN)"
        REGISTERED_AP = "registered_ap", "A registered alternative provider"
        UNREGISTERED = "unregistered", "An unregistered provider"

    class Payer(models.TextChoices):
        SCHOOL = "school", "The school"
        PP_PLUS = "pp_plus", "Pupil Premium Plus central spend"
        HIGH_NEEDS = "high_needs", "High needs funding"
        OTHER = "other", "Other"

    la = models.ForeignKey("authorities.LocalAuthority", on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="education_packages"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    provider = models.CharField(max_length=14, choices=Provider.choices)
    provider_name = models.CharField(max_length=200)
    provider_urn = models.PositiveIntegerField(null=True, blank=True, verbose_name="URN")
    checks = models.CharField(
        max_length=500,
        blank=True,
        help_text="An unregistered provider: the checks made (safeguarding, staff vetting, "
        "premises, insurance, quality) and when.",
    )
    hours_a_week = models.DecimalField(max_digits=4, decimal_places=1)
    subjects = models.CharField(max_length=300, blank=True)
    qualifications = models.CharField(max_length=300, blank=True)
    cost_a_week = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    payer = models.CharField(max_length=10, choices=Payer.choices)
    starts_on = models.DateField()
    planned_end_on = models.DateField(null=True, blank=True)
    review_on = models.DateField()
    last_reviewed_on = models.DateField(null=True, blank=True)
    return_plan = models.TextField(
        max_length=2000, blank=True, verbose_name="plan to return to full-time education"
    )
    ended_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.provider_name} from {self.starts_on}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.provider == self.Provider.SCHOOL and not self.provider_urn:
            raise ValidationError({"provider_urn": "Give the school's URN."})
        if self.provider == self.Provider.UNREGISTERED and not self.checks.strip():
            raise ValidationError({"checks": "Record the checks made on an unregistered provider."})
        if self.review_on and self.starts_on and self.review_on < self.starts_on:
            raise ValidationError({"review_on": "The review date must be on or after the start."})


class EhcpTransfer(models.Model):
    """A child with an EHCP placed outside the LA or moving between LAs: who holds the plan,
    who pays, and the transfer and review clocks (SEND Regulations 2014 reg 15)."""

    la = models.ForeignKey("authorities.LocalAuthority", on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="ehcp_transfers"
    )
    from_la_code = models.CharField(
        max_length=3, validators=[la_code_validator], verbose_name="LA that held the plan"
    )
    to_la_code = models.CharField(
        max_length=3, validators=[la_code_validator], verbose_name="LA the child moves to"
    )
    paying_la_code = models.CharField(
        max_length=3, validators=[la_code_validator], verbose_name="LA that pays"
    )
    send_officer = models.CharField(
        max_length=300, blank=True, help_text="The SEND case officer: name, email, telephone."
    )
    moved_on = models.DateField(verbose_name="date of the move")
    notified_on = models.DateField(verbose_name="date the old LA knew of the move")
    transferred_on = models.DateField(null=True, blank=True)
    review_told_on = models.DateField(
        null=True, blank=True, verbose_name="date the new LA said when it will review"
    )
    recoupment = models.TextField(max_length=2000, blank=True, verbose_name="recoupment notes")
    closed_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["moved_on", "pk"]

    def __str__(self) -> str:
        return f"EHCP transfer {self.from_la_code} to {self.to_la_code} ({self.moved_on})"


class EhcpConsultation(models.Model):
    """A school named in the plan consulted by the new LA, and its reply."""

    class Reply(models.TextChoices):
        AGREED = "agreed", "Can meet the child's needs"
        DECLINED = "declined", "Cannot meet the child's needs"
        OTHER = "other", "Other"

    transfer = models.ForeignKey(
        EhcpTransfer, on_delete=models.CASCADE, related_name="consultations"
    )
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField()
    replied_on = models.DateField(null=True, blank=True)
    reply = models.CharField(max_length=10, choices=Reply.choices, blank=True)
    note = models.CharField(max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["sent_on", "pk"]

    def __str__(self) -> str:
        return f"Consultation with {self.school} sent {self.sent_on}"


class Postcode(models.Model):
    """The ONS postcode directory's grid reference, loaded by the council when it wants
    distances in the school search (import_postcodes). Shared by every LA."""

    postcode = models.CharField(max_length=8, unique=True)  # upper case, no space
    easting = models.PositiveIntegerField()
    northing = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.postcode
