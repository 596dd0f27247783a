"""`rules` predicates for templates and checks: {% has_perm "children.view_health" user child %}."""

import rules

from accounts.roles import Capability
from children.access import child_capabilities


def _has(capability: Capability):
    @rules.predicate(name=f"child_{capability}")
    def predicate(user, child) -> bool:
        return child is not None and capability in child_capabilities(user, child)

    return predicate


rules.add_perm("children.view_child", _has(Capability.VIEW_CHILD))
rules.add_perm("children.view_health", _has(Capability.VIEW_HEALTH))
rules.add_perm("children.view_postcodes", _has(Capability.VIEW_POSTCODES))
rules.add_perm("children.view_access_log", _has(Capability.VIEW_ACCESS_LOG))
