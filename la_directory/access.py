"""Who uses the directory of other LAs' contacts: the school placement officers and their
managers (it is shared by every LA on the service)."""

from __future__ import annotations

from accounts.roles import Capability
from accounts.selectors import la_ids_with


def may_use_directory(user) -> bool:
    return bool(la_ids_with(user, Capability.MANAGE_SCHOOL_PLACES))
