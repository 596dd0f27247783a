"""The access log: who read, exported, signed in or was refused what, and when. Append-only."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class AppendOnlyError(Exception):
    pass


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Access log entries cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Access log entries cannot be deleted.")

    def for_child(self, child_id):
        return self.filter(object_type=AccessLog.ObjectType.CHILD, object_id=str(child_id))


class AccessLog(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        EXPORT = "export", "Exported"
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        SIGN_IN_THROTTLED = "sign_in_throttled", "Sign-in refused: too many failed attempts"
        MFA_FAILED = "mfa_failed", "Authentication code rejected"
        MFA_RESET = "mfa_reset", "Authenticator app reset by a manager"
        SIGN_OUT = "sign_out", "Signed out"
        SESSION_EXPIRED = "session_expired", "Session expired"
        DENIED = "denied", "Access denied"

    class ObjectType(models.TextChoices):
        CHILD = "child", "Child"
        CHILD_LIST = "child_list", "Child list"
        ROLL = "roll", "Roll"
        ATTENDANCE = "attendance", "Attendance"
        SEN = "sen", "SEN and wellbeing"
        ATTAINMENT = "attainment", "Attainment"
        PEP = "pep", "Personal Education Plan"
        SCHOOL = "school", "School"
        IMPORT = "import", "Import"
        USER = "user", "User"
        ACCESS_LOG = "access_log", "Access log"
        PAGE = "page", "Page"
        API = "api", "API"
        FUNDING = "funding", "Pupil Premium Plus"
        REPORT = "report", "Report"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=20, choices=ObjectType.choices, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    via_api = models.BooleanField(default=False)
    # For a list of named children (a roll page, a home page's lists, an API page): the ids of
    # the children it showed, comma-separated. Nullable so adding it left every row alone.
    children = models.TextField(null=True, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.user_id} {self.action} {self.object_type}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Access log entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Access log entries cannot be deleted.")
