"""Writes about people and roles: invite, grant and remove roles, deactivate, sign-in links."""

from __future__ import annotations

import smtplib

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import RoleAssignment, User
from accounts.permissions import check_can_deactivate, check_can_grant, check_can_remove
from accounts.selectors import forget_role_assignments
from audit.services import Action, ObjectType, access_log_record
from authorities.models import LocalAuthority
from core.actors import as_user, is_system
from schools.models import School


@transaction.atomic
def user_create_or_update(
    *, email: str, full_name: str = "", job_title: str = ""
) -> tuple[User, bool]:
    """Find the account for this email (case-insensitively) or create one with no password. An
    existing account's name and job title are its own: another LA inviting the same person, or
    an import naming them, fills them only where blank."""
    email = User.objects.normalize_email(email.strip()).lower()
    found = User.objects.filter(email__iexact=email).first()
    created = found is None
    user = found if found is not None else User(email=email)
    if created:
        user.set_unusable_password()
    if full_name and not user.full_name:
        user.full_name = full_name
    if job_title and not user.job_title:
        user.job_title = job_title
    user.full_clean()
    user.save()
    _ensure_email_address(user)
    return user, created


@transaction.atomic
def user_details_update(*, user: User, full_name: str) -> User:
    """Rename an account: an operator's explicit act (`add_user --name`), never a side effect of
    an invitation or an import."""
    user.full_name = full_name
    user.full_clean()
    user.save(update_fields=["full_name"])
    return user


def _ensure_email_address(user: User) -> None:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user,
        email__iexact=user.email,
        defaults={"email": user.email, "primary": True, "verified": True},
    )


@transaction.atomic
def role_assign(
    *,
    user: User,
    role: str,
    la: LocalAuthority | None = None,
    school: School | None = None,
    actor,
) -> tuple[RoleAssignment, bool]:
    """Give a role (the same rule as the pages: accounts.permissions); SYSTEM for add_user."""
    if not is_system(actor):
        check_can_grant(actor=actor, user=user, role=role, la=la, school=school)
    existing = RoleAssignment.objects.filter(user=user, role=role, la=la, school=school).first()
    if existing:
        return existing, False
    assignment = RoleAssignment(
        user=user, role=role, la=la, school=school, created_by=as_user(actor)
    )
    assignment.full_clean(validate_constraints=False)
    assignment.save()
    forget_role_assignments(user)
    return assignment, True


@transaction.atomic
def role_remove(*, assignment: RoleAssignment, actor) -> None:
    if not is_system(actor):
        check_can_remove(actor=actor, assignment=assignment)
    if assignment.user_id == actor.pk and RoleAssignment.objects.filter(user=actor).count() == 1:
        raise ValidationError("You cannot remove your own last role.")
    assignment.delete()
    forget_role_assignments(assignment.user)


@transaction.atomic
def roles_end(*, assignments: list[RoleAssignment], actor) -> None:
    """End these roles (another LA's stay): what an LA does to a person who also works
    elsewhere, instead of switching their whole account off."""
    for assignment in assignments:
        role_remove(assignment=assignment, actor=actor)


@transaction.atomic
def user_deactivate(*, user: User, actor) -> None:
    """Stop the account signing in and end every session it has, on every app server. Needs
    authority over every role the person holds (accounts.permissions)."""
    if not is_system(actor):
        check_can_deactivate(actor=actor, user=user)
    user.is_active = False
    user.deactivated_at = timezone.now()
    user.save(update_fields=["is_active", "deactivated_at"])
    user_sessions_end(user=user)
    user.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


@transaction.atomic
def user_reactivate(*, user: User, actor) -> None:
    if not is_system(actor):
        check_can_deactivate(actor=actor, user=user)
    user.is_active = True
    user.deactivated_at = None
    user.save(update_fields=["is_active", "deactivated_at"])


@transaction.atomic
def user_mfa_reset(*, user: User, actor, request=None) -> int:
    """Someone lost their authenticator app: remove it and their recovery codes, end every
    session, and tell them. At their next sign-in (password first) they must set up a new app.
    Like deactivating, it touches how the person signs in everywhere, so it needs authority over
    every role they hold; nobody resets their own (they use their recovery codes)."""
    from allauth.mfa.models import Authenticator

    if not is_system(actor):
        check_can_deactivate(actor=actor, user=user)
    removed, _ = Authenticator.objects.filter(user=user).delete()
    user_sessions_end(user=user)
    access_log_record(action=Action.MFA_RESET, actor=as_user(actor), request=request,
                      object_type=ObjectType.USER, object_id=user.pk)  # fmt: skip
    by = "an operator" if is_system(actor) else actor.get_full_name()
    transaction.on_commit(lambda: _send_mfa_reset(user, by))
    return removed


def _send_mfa_reset(user: User, by: str) -> None:
    send_mail(
        subject="Your two-step verification on the Virtual School service was reset",
        message=(
            f"{by} has reset the authenticator app on your Virtual School account, and signed "
            "you out everywhere.\n\nNext time you sign in with your password you will set up "
            "an authenticator app again.\n\nIf you did not ask for this, tell your Virtual "
            "School straight away.\n"
        ),
        from_email=None,
        recipient_list=[user.email],
        fail_silently=True,  # the reset stands; the page asks the manager to tell them too
    )


def user_sessions_end(*, user: User) -> int:
    """Delete every session the user has. UserSessionsMiddleware records each session's key as it
    is used, so this reaches sessions served by any app server. (An inactive user is also refused
    by the authentication backend on the next request, whatever happens here.)"""
    ended = 0
    for tracked in UserSession.objects.filter(user=user):
        Session.objects.filter(session_key=tracked.session_key).delete()
        tracked.delete()
        ended += 1
    return ended


def sign_in_link(*, user: User, base_url: str) -> str:
    """A one-time link to choose a password (then sign in and set up MFA). It stops working
    once used, when the password changes, or after PASSWORD_RESET_TIMEOUT."""
    key = default_token_generator.make_token(user)
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": key},
    )
    return base_url.rstrip("/") + path


def invitation_send(
    *, user: User, base_url: str, actor: User, assignment: RoleAssignment | None = None
) -> None:
    """Email the sign-in link, or, to someone who already has an account, which LA gave them
    which role. A mail server that cannot be reached is a ValidationError the page shows (the
    caller's transaction then saves nothing, so the invitation can simply be sent again), not a
    server error."""
    inviter = actor.get_full_name()
    try:
        if user.has_usable_password() and assignment is not None:
            _send_role_added(user, assignment, inviter)
        else:
            _send_invitation(user, sign_in_link(user=user, base_url=base_url), inviter)
    except (OSError, smtplib.SMTPException) as exc:
        raise ValidationError(
            "The invitation could not be sent because the email server did not answer. "
            "Nothing was saved: try again in a few minutes."
        ) from exc


def _send_role_added(user: User, assignment: RoleAssignment, inviter: str) -> None:
    where = assignment.school or assignment.la
    send_mail(
        subject="You have a new role on the Virtual School service",
        message=(
            f"{inviter} ({assignment.la or where}) has given you the role "
            f"{assignment.get_role_display()} at {where}.\n\n"
            "Sign in as usual: your password and authenticator app stay the same. If you did "
            "not expect this, tell the Virtual School that added it.\n"
        ),
        from_email=None,
        recipient_list=[user.email],
    )


def _send_invitation(user: User, link: str, inviter: str) -> None:
    send_mail(
        subject="You have been invited to the Virtual School service",
        message=(
            f"{inviter} has given you an account on the Virtual School service.\n\n"
            f"Choose your password with this link (it works once):\n{link}\n\n"
            "You will then set up an authenticator app: every account must use one.\n"
        ),
        from_email=None,
        recipient_list=[user.email],
    )


@transaction.atomic
def api_token_create(*, user: User, name: str, lifetime) -> str:
    """Create a token and return it in full; only its hash is kept."""
    from accounts.models import ApiToken

    raw = ApiToken.generate()
    ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[3:11],
        token_hash=ApiToken.hash(raw),
        expires_at=timezone.now() + lifetime,
    )
    return raw


@transaction.atomic
def api_token_revoke(*, token, actor: User) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
