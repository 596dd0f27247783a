from __future__ import annotations

from django.utils import timezone
from ninja.security import HttpBearer

from accounts.models import ApiToken


class ApiTokenAuth(HttpBearer):
    """Bearer token auth. The user behind the token gets exactly their page access."""

    def authenticate(self, request, token: str):
        found = (
            ApiToken.objects.select_related("user").filter(token_hash=ApiToken.hash(token)).first()
        )
        if found is None or not found.is_usable or not found.user.is_active:
            return None
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user
