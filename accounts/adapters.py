"""allauth hooks: where sign-in, sign-out and failures reach the access log."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.utils import timezone

from accounts.middleware import stamp_session
from audit.services import Action, ObjectType, access_log_record


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


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # Every account must keep an authenticator app: it can be replaced, never removed.
        return authenticator.type != Authenticator.Type.TOTP
