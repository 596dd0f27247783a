"""Session lifetime and the MFA requirement, applied to every request."""

from __future__ import annotations

from datetime import datetime

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

_AUTH_AT = "vs_auth_at"
_SEEN_AT = "vs_seen_at"
SIGNED_OUT_REASON = "vs_signed_out_reason"
_MFA_OK = "vs_mfa_ok"
# Only write the session when this much time has passed, to spare the database on busy pages.
_SEEN_GRANULARITY_SECONDS = 30


def stamp_session(request, now: datetime) -> None:
    request.session[_AUTH_AT] = now.timestamp()
    request.session[_SEEN_AT] = now.timestamp()


class SessionLifetimeMiddleware:
    """Ends a signed-in session after SESSION_IDLE_TIMEOUT without a request, or
    SESSION_ABSOLUTE_LIFETIME after sign-in, whichever comes first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and hasattr(request, "session"):
            reason = self._check(request, timezone.now())
            if reason:
                return self._end(request, reason)
        return self.get_response(request)

    def _check(self, request, now: datetime) -> str | None:
        session = request.session
        if _AUTH_AT not in session:
            stamp_session(request, now)
            return None
        ts = now.timestamp()
        if ts - session[_AUTH_AT] > settings.SESSION_ABSOLUTE_LIFETIME.total_seconds():
            return "absolute"
        if ts - session.get(_SEEN_AT, 0) > settings.SESSION_IDLE_TIMEOUT.total_seconds():
            return "idle"
        if ts - session.get(_SEEN_AT, 0) > _SEEN_GRANULARITY_SECONDS:
            session[_SEEN_AT] = ts
        return None

    def _end(self, request, reason: str):
        from audit.services import Action, ObjectType, access_log_record

        access_log_record(
            action=Action.SESSION_EXPIRED,
            actor=request.user,
            request=request,
            object_type=ObjectType.USER,
            object_id=request.user.pk,
        )
        logout(request)
        request.session[SIGNED_OUT_REASON] = reason
        if request.path.startswith("/api/"):
            return redirect(settings.LOGIN_URL)
        return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")


# Pages a signed-in user without an authenticator app may still reach: enrolment itself,
# the recovery codes it produces, signing out, and the accessibility statement.
MFA_EXEMPT_URL_NAMES = frozenset(
    {
        "mfa_activate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_reauthenticate",
        "account_reauthenticate",
        "account_logout",
        "accessibility",
        "privacy",
        "cookies",
        "help",
    }
)


class MFARequiredMiddleware:
    """Sends every signed-in user without TOTP to enrolment, from every page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.user.is_authenticated
            and not self._has_mfa(request)
            and not self._exempt(request.path_info)
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _has_mfa(self, request) -> bool:
        if request.session.get(_MFA_OK):
            return True
        ok = Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists()
        if ok:
            request.session[_MFA_OK] = True
        return ok

    def _exempt(self, path: str) -> bool:
        if path.startswith(settings.STATIC_URL):
            return True
        try:
            match = resolve(path)
        except Resolver404:
            return True  # nothing there: let it 404
        return match.url_name in MFA_EXEMPT_URL_NAMES
