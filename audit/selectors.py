from __future__ import annotations

from django.db.models import QuerySet

from audit.models import AccessLog


def access_log_for_child(*, child_id: int) -> QuerySet[AccessLog]:
    return AccessLog.objects.for_child(child_id).select_related("user")
