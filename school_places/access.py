"""Who may ask for a school place case: a placement officer of the child's LA, or the child's
own social worker (their referral reaches the officers)."""

from __future__ import annotations

from accounts.roles import Capability
from accounts.selectors import la_ids_with
from core.actors import is_system


def may_refer(user, child) -> bool:
    from children.access import child_roles

    if is_system(user) or child.la_id in la_ids_with(user, Capability.MANAGE_SCHOOL_PLACES):
        return True
    return "social_worker" in child_roles(user, child)
