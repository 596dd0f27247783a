"""Writes for post-16: the PEP's post-16 plan, the Post-16 PP+ grant line and its requests.
A request above the advisor's limit a term goes to the post-16 lead; nothing takes approvals
past the allocation unless the Virtual School Head overrides; every change is in the history."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from accounts.selectors import roles_in_la
from authorities.terms import calendar_set_typical, term_or_typical
from children.access import child_roles
from core.actors import as_user, is_system
from core.history import save_validated
from funding.eligibility import FinancialYear
from peps import rules as pep_rules
from peps.models import Section
from post16.models import Post16Grant, Post16Plan, Post16Request
from post16.rules import (
    LEADS,
    REQUESTERS,
    approved_in_term,
    attracts_post16_pp,
    may_decide,
    needs_lead,
    post16_ledger,
)

Status = Post16Request.Status
CENT = Decimal("0.01")


@transaction.atomic
def post16_plan_save(*, pep, data: dict, actor) -> Post16Plan:
    """The post-16 sections are written by whoever writes the PEP's post-16 section."""
    if not (is_system(actor) or pep_rules.can_write(actor, pep, Section.POST16)):
        raise PermissionDenied
    plan = Post16Plan.objects.filter(pep=pep).first() or Post16Plan(pep=pep)
    for name, value in data.items():
        setattr(plan, name, value)
    plan.updated_by, plan.updated_at = as_user(actor), timezone.now()
    save_validated(plan, actor=actor)
    return plan


@transaction.atomic
def post16_grant_save(*, grant: Post16Grant, actor) -> Post16Grant:
    """The Virtual School Head sets up the year's line: the DfE's allocation and the limits."""
    if not is_system(actor) and Role.VIRTUAL_SCHOOL_HEAD not in roles_in_la(actor, grant.la_id):
        raise PermissionDenied
    try:
        FinancialYear.parse(grant.year)
    except ValueError as exc:
        raise ValidationError({"year": str(exc)}) from None
    if grant.lead_id is not None and not roles_in_la(grant.lead, grant.la_id) & LEADS:
        raise ValidationError({"lead": "The post-16 lead is a team manager or the VSH of the LA."})
    save_validated(grant, actor=actor)
    _route_open(grant, actor)  # a new limit moves waiting requests to or from the lead
    return grant


def _route_open(grant: Post16Grant, actor) -> None:
    for request in grant.requests.filter(status__in=[Status.PENDING, Status.REFERRED]):
        status = Status.REFERRED if needs_lead(request) else Status.PENDING
        if request.status != status:
            request.status = status
            request._history_user = as_user(actor)  # type: ignore[attr-defined]
            request.save(update_fields=["status"])


def _term_for(child, day: datetime.date):
    term = term_or_typical(child.la, day)
    if term.pk is None:  # the LA has no term dates this year: the typical calendar becomes its
        calendar_set_typical(la=child.la, years=[term.academic_year])
        term = term_or_typical(child.la, day)
    return term


@transaction.atomic
def post16_request_create(
    *, child, data: dict, actor, day: datetime.date | None = None
) -> Post16Request:
    """A request from Virtual School staff who work with the young person; referred to the
    post-16 lead at once when it takes the term's approvals past the advisor's limit."""
    if not (is_system(actor) or child_roles(actor, child) & REQUESTERS):
        raise PermissionDenied
    day = day or timezone.localdate()
    if not attracts_post16_pp(child, day):
        raise ValidationError(
            "Post-16 Pupil Premium Plus is for young people in care in Years 12 and 13."
        )
    year = FinancialYear.containing(day).label
    grant = Post16Grant.objects.filter(la=child.la, year=year).first()
    if grant is None:
        raise ValidationError(f"No Post-16 Pupil Premium Plus line is set up for {year}.")
    request = Post16Request(grant=grant, child=child, term=_term_for(child, day), requested_on=day)
    for name, value in data.items():
        setattr(request, name, value)
    request.pep = child.peps.order_by("-due_on", "-version").first()
    request.requested_by = as_user(actor)
    request.full_clean()  # a missing or bad amount is refused before it is weighed
    request.status = Status.REFERRED if needs_lead(request) else Status.PENDING
    save_validated(request, actor=actor)
    return request


@transaction.atomic
def post16_request_decide(
    *, request: Post16Request, approve: Decimal | None, reason: str, actor, override: bool = False
) -> Post16Request:
    """approve=None declines; less than asked approves a reduced amount (both need a reason).
    Refused past the allocation unless the Virtual School Head overrides."""
    Post16Grant.objects.select_for_update().get(pk=request.grant_id)  # one decision at a time
    request.refresh_from_db()
    if not request.open:
        raise ValidationError("This request has been decided.")
    if not (is_system(actor) or may_decide(actor, request)):
        raise PermissionDenied("Above the advisor's limit: the post-16 lead decides.")
    amount = Decimal("0") if approve is None else Decimal(approve).quantize(CENT)
    _check_decision(request, approve, amount, reason)
    request.overspend_override = _over_allocation(request, amount, override, actor)
    request.approved = amount
    request.status = Status.APPROVED if amount > 0 else Status.DECLINED
    request.reason = reason.strip()
    request.decided_by, request.decided_at = as_user(actor), timezone.now()
    save_validated(request, actor=actor)
    _reroute(request, actor)
    return request


def _check_decision(request, approve, amount: Decimal, reason: str) -> None:
    if amount < 0 or amount > request.amount:
        raise ValidationError({"approved": "Approve between £0 and the amount asked for."})
    if (approve is None or amount < request.amount) and not reason.strip():
        raise ValidationError({"reason": "Give a reason for reducing or declining."})


def _over_allocation(request, amount: Decimal, override: bool, actor) -> bool:
    remaining = post16_ledger(request.grant).remaining
    if amount <= remaining:
        return False
    vsh = is_system(actor) or Role.VIRTUAL_SCHOOL_HEAD in roles_in_la(actor, request.grant.la_id)
    if not (override and vsh):
        raise ValidationError({"approved": f"This would overspend the line: £{remaining} remains."})
    return True


def _reroute(decided: Post16Request, actor) -> None:
    """An approval uses up the young person's limit for the term: their other requests waiting
    within it that now go past it are referred to the lead (kept, so every list agrees)."""
    waiting = decided.child.post16_requests.filter(term=decided.term, status=Status.PENDING)
    already = approved_in_term(decided.child, decided.term)
    limit = decided.grant.advisor_limit_per_term
    for other in waiting.exclude(pk=decided.pk):
        if already + other.amount > limit:
            other.status = Status.REFERRED
            other._history_user = as_user(actor)  # type: ignore[attr-defined]
            other.save(update_fields=["status"])
