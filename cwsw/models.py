"""Children with a social worker: only what the cohort figures need, never a person. A child
is a keyed hash of their UPN (a per-LA secret), with the month of birth; their CIN episodes
(referral, closure, primary need) and child protection plans (start, end); an education record
per school year joined by the same hash. No names, no day of birth, no free text; the raw files
are not kept."""

from __future__ import annotations

from django.db import models


class CwswKey(models.Model):
    """The LA's secret for hashing UPNs (made on its first import; never shown)."""

    la = models.OneToOneField(
        "authorities.LocalAuthority", on_delete=models.CASCADE, related_name="+"
    )
    secret = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"CWSW key for {self.la}"


class CinChild(models.Model):
    la = models.ForeignKey("authorities.LocalAuthority", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)  # HMAC-SHA256 of the UPN (or the LA's child id)
    birth_month = models.DateField(null=True, blank=True)  # the first of the month

    class Meta:
        constraints = [models.UniqueConstraint(fields=["la", "key"], name="cin_child_once")]

    def __str__(self) -> str:
        return f"CIN child {self.pk}"


class CinEpisode(models.Model):
    child = models.ForeignKey(CinChild, on_delete=models.CASCADE, related_name="episodes")
    referral_date = models.DateField()
    closure_date = models.DateField(null=True, blank=True)
    primary_need = models.CharField(max_length=2, blank=True)  # N0..N9

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["child", "referral_date"], name="cin_episode_once")
        ]

    def __str__(self) -> str:
        return f"CIN episode from {self.referral_date}"


class CpPlan(models.Model):
    child = models.ForeignKey(CinChild, on_delete=models.CASCADE, related_name="plans")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["child", "start_date"], name="cp_plan_once")]

    def __str__(self) -> str:
        return f"CP plan from {self.start_date}"


class EducationRecord(models.Model):
    """One pupil's school year (the year its autumn starts in), keyed by the same hash."""

    la = models.ForeignKey("authorities.LocalAuthority", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    year = models.PositiveSmallIntegerField()
    sessions_possible = models.PositiveIntegerField(null=True, blank=True)
    sessions_authorised = models.PositiveIntegerField(null=True, blank=True)
    sessions_unauthorised = models.PositiveIntegerField(null=True, blank=True)
    suspensions = models.PositiveSmallIntegerField(default=0)
    permanent_exclusion = models.BooleanField(default=False)
    ks2_rwm_expected = models.BooleanField(null=True, blank=True)
    ks4_attainment8 = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["la", "key", "year"], name="education_record_once")
        ]

    def __str__(self) -> str:
        return f"Education record {self.year}"
