from __future__ import annotations

from django.utils import timezone
from ninja.security import HttpBearer
from ninja.throttling import AuthRateThrottle

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
        request.api_token = found  # the per-token rate limit counts by this
        return found.user


class TokenRateThrottle(AuthRateThrottle):
    """A rate limit per API token (settings.API_RATE_PER_TOKEN), counted in the shared cache so
    every app server sees the same count; past it, 429 with Retry-After."""

    scope = "token"

    def get_cache_key(self, request) -> str:
        token = getattr(request, "api_token", None)
        ident = f"token-{token.pk}" if token is not None else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
