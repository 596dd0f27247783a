"""Caseloads: which education support advisor holds which child ("class lists")."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from accounts.models import User
from accounts.roles import Capability, Role
from accounts.selectors import la_ids_with
from children.models import Child
from core.actors import as_user


def advisors_for(la_ids: set[int]) -> QuerySet[User]:
    return (
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.EDUCATION_SUPPORT_ADVISOR,
            role_assignments__la_id__in=la_ids,
        )
        .distinct()
        .order_by("full_name", "email")
    )


def caseload_children(*, actor) -> QuerySet[Child]:
    """Children whose caseload the actor may change: every child of LAs they manage caseloads in."""
    return Child.objects.visible_to(actor).filter(
        la_id__in=la_ids_with(actor, Capability.MANAGE_CASELOADS)
    )


@transaction.atomic
def caseload_reassign(*, children: QuerySet[Child], advisor: User | None, actor) -> int:
    """Give these children to `advisor` (None: unallocated). History records who did it."""
    allowed = la_ids_with(actor, Capability.MANAGE_CASELOADS)
    if children.exclude(la_id__in=allowed).exists():
        raise ValidationError("Some of these children are not in a caseload you manage.")
    if advisor is not None and not advisors_for(allowed).filter(pk=advisor.pk).exists():
        raise ValidationError("Choose an education support advisor in your local authority.")
    changed = 0
    for child in children.exclude(education_support_advisor=advisor).select_for_update():
        child.education_support_advisor = advisor
        child._history_user = as_user(actor)  # type: ignore[attr-defined]  # simple-history hook
        child.save(update_fields=["education_support_advisor"])
        changed += 1
    return changed
