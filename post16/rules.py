"""Post-16 rules, each in one place: who is in Years 12 and 13, who attracts Post-16 Pupil
Premium Plus on a day, and who decides a request (the LA's limit a term for an advisor; above
it, the post-16 lead or the Virtual School Head)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from accounts.roles import Role
from accounts.selectors import roles_in_la
from children.roll.rules import looked_after_on, nc_year

POST16_YEARS = (12, 13)
ZERO = Decimal("0.00")
# Virtual School staff who ask for Post-16 PP+ for a young person they work with, and decide
# it within the advisor's limit.
REQUESTERS = {Role.VIRTUAL_SCHOOL_HEAD, Role.TEAM_MANAGER, Role.EDUCATION_SUPPORT_ADVISOR}


def in_post16(child, day: datetime.date) -> bool:
    return nc_year(child.date_of_birth, day) in POST16_YEARS


def attracts_post16_pp(child, day: datetime.date) -> bool:
    """Post-16 PP+ is for the LA's looked-after young people in Years 12 and 13: looked after on
    the day (the roll's rule and the LA's short-break setting), in Year 12 or 13."""
    short_breaks = child.la.count_short_breaks_as_looked_after
    return in_post16(child, day) and looked_after_on(
        child.episodes.all(), day, short_breaks=short_breaks
    )


def approved_in_term(child, term, *, excluding=None) -> Decimal:
    """What has been approved for the young person in the term, from every request."""
    found = child.post16_requests.filter(term=term, status="approved")
    if excluding is not None:
        found = found.exclude(pk=excluding.pk)
    return found.aggregate(s=Sum("approved"))["s"] or ZERO


def needs_lead(request) -> bool:
    """Above the advisor's limit: this request with what the young person already has approved
    this term comes to more than the LA lets an advisor approve."""
    already = approved_in_term(request.child, request.term, excluding=request)
    return already + request.amount > request.grant.advisor_limit_per_term


LEADS = {Role.VIRTUAL_SCHOOL_HEAD, Role.TEAM_MANAGER}


def is_lead(user, grant) -> bool:
    """The VSH, or the named post-16 lead while they still manage in the LA."""
    roles = roles_in_la(user, grant.la_id)
    named = grant.lead_id is not None and grant.lead_id == user.pk
    return Role.VIRTUAL_SCHOOL_HEAD in roles or (named and bool(roles & LEADS))


def may_decide(user, request) -> bool:
    """The post-16 lead and the VSH decide any request; other Virtual School staff only a
    request within the advisor's limit."""
    if is_lead(user, request.grant):
        return True
    return bool(roles_in_la(user, request.grant.la_id) & REQUESTERS) and not needs_lead(request)


@dataclass
class Post16Ledger:
    allocation: Decimal
    approved: Decimal
    waiting: Decimal  # asked for, not yet decided

    @property
    def remaining(self) -> Decimal:
        return self.allocation - self.approved


def post16_ledger(grant) -> Post16Ledger:
    sums = grant.requests.aggregate(
        approved=Sum("approved", filter=Q(status="approved")),
        waiting=Sum("amount", filter=Q(status__in=["pending", "referred"])),
    )
    return Post16Ledger(grant.allocation, sums["approved"] or ZERO, sums["waiting"] or ZERO)
