"""Reads for post-16 PP+: the requests waiting for a person's decision, and a grant line's
requests page by page."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.roles import Role
from accounts.selectors import role_assignments
from post16.access import requests_for
from post16.models import Post16Request


def waiting_for(user) -> QuerySet[Post16Request]:
    """Requests within the advisor's limit for every decider; referred ones for the post-16
    lead and the Virtual School Head. (The status is kept by the services, so this is a filter,
    not a sum per young person.)"""
    as_vsh = {a.la_id for a in role_assignments(user) if a.role == Role.VIRTUAL_SCHOOL_HEAD}
    led = Q(grant__la_id__in=as_vsh) | Q(grant__lead=user)
    found = requests_for(user).filter(Q(status="pending") | (Q(status="referred") & led))
    return found.select_related("child", "grant", "term").order_by("requested_on", "pk")


def grant_requests(user, grant, status: str = "") -> QuerySet[Post16Request]:
    found = requests_for(user).filter(grant=grant)
    if status:
        found = found.filter(status=status)
    return found.select_related("child", "term", "requested_by", "decided_by")


def pep_post16(user, pep, section_keys) -> dict | None:
    """What a PEP's page shows of the post-16 plan: None for a PEP with no post-16 section
    (before Year 11); `required` for a young person in Year 12 or 13 when the PEP is due."""
    from peps import rules as pep_rules
    from peps.models import Section
    from post16.models import Post16Plan
    from post16.rules import in_post16

    if Section.POST16 not in section_keys:
        return None
    return {
        "plan": Post16Plan.objects.filter(pep=pep).first(),
        "can_write": pep_rules.can_write(user, pep, Section.POST16),
        "required": in_post16(pep.child, pep.due_on),
    }
