"""allauth hooks: where sign-in, sign-out and failures reach the access log."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import record_authentication
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.middleware import stamp_session
from audit.services import Action, ObjectType, access_log_record, client_ip


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False  # accounts are made by administrators (invite page, add_user command)

    def login(self, request, user) -> None:
        super().login(request, user)
        stamp_session(request, timezone.now())
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            # They typed their password seconds ago and are about to be sent to enrolment:
            # count that as the re-authentication allauth asks for before adding a device.
            record_authentication(request, user, method="password", reauthenticated=True)
        access_log_record(
            action=Action.SIGN_IN,
            actor=user,
            request=request,
            object_type=ObjectType.USER,
            object_id=user.pk,
        )

    def logout(self, request) -> None:
        if request.user.is_authenticated:
            access_log_record(
                action=Action.SIGN_OUT,
                actor=request.user,
                request=request,
                object_type=ObjectType.USER,
                object_id=request.user.pk,
            )
        super().logout(request)

    def authentication_failed(self, request, **credentials) -> None:
        # The email tried is not logged: it may be a mistyped password pasted in the wrong box.
        access_log_record(action=Action.SIGN_IN_FAILED, request=request)

    def get_client_ip(self, request) -> str:
        """The real client behind our trusted proxies (TRUSTED_PROXY_COUNT), by the same rule the
        access log uses: sign-in limits per IP then count each person's address, not the load
        balancer's."""
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine the client's address")
        return ip

    def validation_error(self, code, *args):
        # Every throttled sign-in or authentication-code attempt, on the password form and the
        # MFA form alike, is refused through this message: log each one.
        if code == "too_many_login_attempts":
            access_log_record(action=Action.SIGN_IN_THROTTLED, request=context.request)
        return super().validation_error(code, *args)


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # Every account must keep an authenticator app: it can be replaced, never removed.
        return authenticator.type != Authenticator.Type.TOTP
