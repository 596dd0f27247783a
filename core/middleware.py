"""Response headers for every response, error pages and static files included."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired


def content_security_policy(nonce: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self'",
            "img-src 'self' data:",  # the TOTP QR code is an inline SVG data URI
            "font-src 'self'",
            "connect-src 'self'",
            "form-action 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ]
    )


class SecurityHeadersMiddleware:
    """Outermost middleware, so even a 500 produced further in gets these headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(18)
        response = self.get_response(request)
        response["Content-Security-Policy"] = content_security_policy(request.csp_nonce)
        response.setdefault("X-Content-Type-Options", "nosniff")
        response.setdefault("X-Frame-Options", "DENY")
        response.setdefault("Referrer-Policy", settings.SECURE_REFERRER_POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        # Django sends HSTS only over HTTPS; we say it on every response (browsers ignore it on
        # plain HTTP) so a TLS-terminating proxy cannot make it disappear.
        if settings.SECURE_HSTS_SECONDS:
            preload = "; preload" if settings.SECURE_HSTS_PRELOAD else ""
            response.setdefault(
                "Strict-Transport-Security",
                f"max-age={settings.SECURE_HSTS_SECONDS}; includeSubDomains{preload}",
            )
        if not request.path_info.startswith(settings.STATIC_URL):
            # Pages carry children's data: never keep them in a shared or browser cache.
            response["Cache-Control"] = "no-store"
        return response


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Django's, except for the API, which authenticates each request by token."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
