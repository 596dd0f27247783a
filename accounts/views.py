from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts import services
from accounts.decorators import require_capability
from accounts.forms import InviteForm, RoleForm
from accounts.models import ApiToken
from accounts.permissions import (
    has_authority_over_account,
    may_remove,
    roles_in_scope,
)
from accounts.roles import Capability, Role
from accounts.selectors import (
    las_managed_by,
    role_assignments,
    user_for_manager,
    users_manageable_by,
)
from schools.models import School

manage_users = require_capability(Capability.MANAGE_USERS)


def account(request):
    tokens = request.user.api_tokens.filter(revoked_at__isnull=True)
    return render(
        request,
        "accounts/account.html",
        {"roles": role_assignments(request.user), "tokens": tokens},
    )


@manage_users
def user_list(request):
    users = users_manageable_by(request.user).prefetch_related(
        "role_assignments__la", "role_assignments__school"
    )
    return render(request, "accounts/user_list.html", {"users": users})


@manage_users
@require_http_methods(["GET", "POST"])
def user_invite(request):
    las = las_managed_by(request.user)
    form = InviteForm(request.POST or None, las=las)
    if request.method == "POST" and form.is_valid():
        try:
            user = _invite(request, form.cleaned_data, las)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Invitation sent to {user.email}.")
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_invite.html", {"form": form})


@transaction.atomic
def _invite(request, data, las):
    la, school = _role_target(data, las)
    user, _ = services.user_create_or_update(
        email=data["email"], full_name=data["full_name"], job_title=data["job_title"]
    )
    assignment, _ = services.role_assign(
        user=user, role=data["role"], la=la, school=school, actor=request.user
    )
    services.invitation_send(
        user=user,
        base_url=request.build_absolute_uri("/"),
        actor=request.user,
        assignment=assignment,
    )
    return user


def _role_target(data, las):
    if data["role"] == Role.DESIGNATED_TEACHER:
        urn = data.get("school_urn")
        school = School.objects.filter(urn=urn).first() if urn else None
        if school is None:
            raise ValidationError("Enter the URN of a school in the register.")
        return None, school
    la = next((la for la in las if str(la.pk) == data.get("la")), None)
    if la is None:
        raise ValidationError("Choose a local authority you manage.")
    return la, None


def _detail_context(request, user, form) -> dict:
    """A manager sees only the roles they manage, and a count of the rest (another LA's)."""
    mine = roles_in_scope(actor=request.user, user=user)
    return {
        "managed": user,
        "assignments": mine,
        "elsewhere": user.role_assignments.count() - len(mine),
        "form": form,
        "whole_account": has_authority_over_account(actor=request.user, user=user),
    }


@manage_users
def user_detail(request, pk):
    user = user_for_manager(request.user, pk)
    form = RoleForm(las=las_managed_by(request.user))
    return render(request, "accounts/user_detail.html", _detail_context(request, user, form))


@manage_users
@require_POST
def user_role_add(request, pk):
    user = user_for_manager(request.user, pk)
    las = las_managed_by(request.user)
    form = RoleForm(request.POST, las=las)
    if form.is_valid():
        try:
            la, school = _role_target(form.cleaned_data, las)
            role = form.cleaned_data["role"]
            services.role_assign(user=user, role=role, la=la, school=school, actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Role added.")
            return redirect("accounts:user_detail", pk=user.pk)
    return render(
        request, "accounts/user_detail.html", _detail_context(request, user, form), status=400
    )


@manage_users
@require_POST
def user_role_remove(request, pk, assignment_pk):
    user = user_for_manager(request.user, pk)
    mine = {a.pk: a for a in roles_in_scope(actor=request.user, user=user)}
    assignment = mine.get(assignment_pk)
    if assignment is None:  # another LA's role: as if it did not exist
        raise Http404("No such role")
    try:
        services.role_remove(assignment=assignment, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Role removed.")
    return redirect("accounts:user_detail", pk=user.pk)


@manage_users
@require_POST
def user_deactivate(request, pk):
    user = user_for_manager(request.user, pk)
    if not has_authority_over_account(actor=request.user, user=user) and user != request.user:
        # They also work for another LA (or hold a role only the head may remove): end the roles
        # this person may remove, by the same rule as removing one; the account stays theirs.
        mine = [a for a in roles_in_scope(actor=request.user, user=user)
                if may_remove(actor=request.user, assignment=a)]  # fmt: skip
        if not mine:
            messages.error(request, "You cannot remove any of this person's roles.")
            return redirect("accounts:user_detail", pk=user.pk)
        services.roles_end(assignments=mine, actor=request.user)
        messages.success(
            request,
            f"{user.email} no longer has any role you manage. They keep their roles in other "
            "local authorities, so their account stays open.",
        )
        return redirect("accounts:user_list")
    try:
        services.user_deactivate(user=user, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{user.email} can no longer sign in; their sessions ended.")
    return redirect("accounts:user_detail", pk=user.pk)


@manage_users
@require_POST
def user_reactivate(request, pk):
    user = user_for_manager(request.user, pk)
    try:
        services.user_reactivate(user=user, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{user.email} can sign in again.")
    return redirect("accounts:user_detail", pk=user.pk)


@require_POST
def api_token_create(request):
    name = request.POST.get("name", "").strip()[:100] or "API token"
    raw = services.api_token_create(user=request.user, name=name, lifetime=timedelta(days=90))
    return render(request, "accounts/api_token_created.html", {"token": raw, "name": name})


@require_POST
def api_token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.api_token_revoke(token=token, actor=request.user)
    messages.success(request, "Token revoked.")
    return redirect("accounts:account")


@manage_users
@require_POST
def user_mfa_reset(request, pk):
    user = user_for_manager(request.user, pk)
    try:
        services.user_mfa_reset(user=user, actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"{user.email}'s authenticator app was removed and they were signed out. They set "
            "up a new one when they next sign in. We also send them an email, which a mail "
            "server that is down can hold up: tell them yourself as well.",
        )
    return redirect("accounts:user_detail", pk=user.pk)
