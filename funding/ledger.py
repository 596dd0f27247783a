"""The Pupil Premium Plus ledger for a grant year (issue 6): allocation, the top-slice kept
centrally, committed (approved, not yet paid), paid and remaining, by school, by intervention
and by child. Decisions that would take spending past the budget are refused unless the VSH
overrides them explicitly."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from accounts.roles import Role
from children.access import child_roles
from children.models import EducationPlacement
from core.history import save_validated
from funding.eligibility import FinancialYear, eligible_children
from funding.models import GrantYear, PpRequest

CENT = Decimal("0.01")
DECIDERS = {Role.VIRTUAL_SCHOOL_HEAD, Role.TEAM_MANAGER}


@dataclass
class Ledger:
    allocation: Decimal
    top_slice: Decimal
    committed: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)
    by_school: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    by_category: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    by_child: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))

    @property
    def available(self) -> Decimal:
        """What schools can be given: the allocation less the top-slice."""
        return self.allocation - self.top_slice

    @property
    def remaining(self) -> Decimal:
        return self.available - self.committed - self.paid


def ledger(grant: GrantYear) -> Ledger:
    count = len(eligible_children(grant.la, FinancialYear.parse(grant.year)))
    allocation = (grant.rate_per_child * count).quantize(CENT)
    top = (allocation * grant.top_slice_percent / 100).quantize(CENT)
    book = Ledger(allocation, top)
    approved = grant.requests.filter(
        status__in=[PpRequest.Status.APPROVED, PpRequest.Status.REDUCED]
    )
    current = Prefetch(
        "target__pep__child__education_placements",
        queryset=EducationPlacement.objects.filter(ended_on__isnull=True).select_related("school"),
    )
    for r in approved.select_related("target__pep__child").prefetch_related(current):
        if r.paid:
            book.paid += r.approved
        else:
            book.committed += r.approved
        child = r.target.pep.child
        school = _school_of(child)
        book.by_school[school] += r.approved
        book.by_category[r.target.category or "other"] += r.approved
        book.by_child[child.la_child_id] += r.approved
    return book


def _school_of(child) -> str:
    """The current school (placements prefetched: no query per request)."""
    schools = [p.school.name for p in child.education_placements.all() if p.school]
    return schools[0] if schools else "No school"


@transaction.atomic
def pp_request_decide(
    *, request: PpRequest, approve: Decimal | None, reason: str, actor, override: bool = False
) -> PpRequest:
    """approve=None declines; an amount below the request reduces it (a reason is required for
    both). Refused when it would overspend the budget, unless the VSH overrides."""
    roles = child_roles(actor, request.target.pep.child) if actor is not None else DECIDERS
    if not roles & DECIDERS:
        raise PermissionDenied
    if override and Role.VIRTUAL_SCHOOL_HEAD not in roles:
        raise PermissionDenied("Only the Virtual School Head may override the budget")
    amount = Decimal(0) if approve is None else Decimal(approve).quantize(CENT)
    if amount < 0 or amount > request.requested:
        raise ValidationError({"approved": "Approve between £0 and the amount requested."})
    status = _status(request, approve, amount)
    if status != PpRequest.Status.APPROVED and not reason.strip():
        raise ValidationError({"reason": "Give a reason for reducing or declining."})
    GrantYear.objects.select_for_update().get(pk=request.grant_year_id)  # one decision at a time
    book = ledger(request.grant_year)
    already = (
        request.approved
        if request.status in (PpRequest.Status.APPROVED, PpRequest.Status.REDUCED)
        else Decimal(0)
    )
    if amount - already > book.remaining and not override:
        raise ValidationError(
            {"approved": f"This would overspend the budget: £{book.remaining} remains."}
        )
    request.approved, request.status, request.reason = amount, status, reason.strip()
    request.overspend_override = override and amount - already > book.remaining
    request.decided_by, request.decided_at = actor, timezone.now()
    save_validated(request, actor=actor)
    return request


def _status(request: PpRequest, approve, amount: Decimal) -> str:
    if approve is None or amount == 0:
        return PpRequest.Status.DECLINED
    if amount < request.requested:
        return PpRequest.Status.REDUCED
    return PpRequest.Status.APPROVED


@transaction.atomic
def pp_requests_from_pep(*, pep, grant: GrantYear, actor) -> list[PpRequest]:
    """A request for each of the PEP's targets that asks for PP+ and has none yet."""
    made = []
    for target in pep.targets.filter(pp_amount__gt=0, pp_request__isnull=True):
        request = PpRequest(grant_year=grant, target=target, requested=target.pp_amount)
        save_validated(request, actor=actor)
        made.append(request)
    return made
