"""Writes for Pupil Premium Plus: the grant year's settings, decisions on requests, the termly
release on PEP sign-off, holds, payment runs and central spend. Nothing takes spending past
the budget unless the Virtual School Head overrides it explicitly; every change is in the
history."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from accounts.roles import Role
from accounts.selectors import roles_in_la
from children.models import Child
from children.selectors import child_current_education
from core.actors import as_user, is_system
from core.history import save_validated
from funding.eligibility import FinancialYear, is_eligible
from funding.ledger import CENT, RELEASE_CATEGORY, ZERO, ledger_totals
from funding.models import CentralSpend, GrantYear, PaymentLine, PaymentRun, PpRequest
from peps.services import RATING_SCALES

DECIDERS: set[str] = {Role.VIRTUAL_SCHOOL_HEAD, Role.TEAM_MANAGER}
LineStatus = PaymentLine.Status


def roles_in(user, la) -> set[str]:
    return roles_in_la(user, la.pk)


def _require(actor, grant: GrantYear, roles: set[str]) -> None:
    """SYSTEM (core/actors.py) is the service itself: a command, the demo builder."""
    if not is_system(actor) and not roles_in(actor, grant.la) & roles:
        raise PermissionDenied


def _require_override(actor, grant: GrantYear) -> None:
    if not is_system(actor) and Role.VIRTUAL_SCHOOL_HEAD not in roles_in(actor, grant.la):
        raise PermissionDenied("Only the Virtual School Head may override the budget")


def _lock(grant: GrantYear) -> None:
    """One money decision at a time per grant year, so two cannot both fit the same pound."""
    GrantYear.objects.select_for_update().get(pk=grant.pk)


@transaction.atomic
def grant_year_save(*, grant: GrantYear, actor) -> GrantYear:
    _require(actor, grant, {str(Role.VIRTUAL_SCHOOL_HEAD)})
    scale = RATING_SCALES[grant.la.pep_quality_scale]
    if grant.release_min_rating and grant.release_min_rating not in scale:
        raise ValidationError(
            {"release_min_rating": f"Choose a rating on the LA's scale: {', '.join(scale)}."}
        )
    try:
        FinancialYear.parse(grant.year)
    except ValueError as exc:
        raise ValidationError({"year": str(exc)}) from None
    new = grant.pk is None
    save_validated(grant, actor=actor)
    if new:
        _requests_for_submitted_peps(grant, actor)
    return grant


def _requests_for_submitted_peps(grant: GrantYear, actor) -> None:
    """PEPs submitted before their grant year was set up still ask for PP+: their requests
    wait for a decision now. (Releases follow sign-offs from now on, never retrospectively.)"""
    from peps.models import Pep, Status

    year = FinancialYear.parse(grant.year)
    peps = Pep.objects.filter(
        child__la=grant.la,
        term__starts_on__range=(year.starts_on, year.ends_on),
        status__in=[Status.SUBMITTED, Status.QUALITY_ASSURED, Status.SIGNED_OFF],
    )
    for pep in peps:
        pp_requests_from_pep(pep=pep, grant=grant, actor=actor)


def current_school(child: Child):
    """The school the roll shows for the child today (the roll's rule, so a move recorded in
    advance pays the school the child is at); None for a provision that is not a school (the
    line waits for a school to pay)."""
    placement = child_current_education(child=child)
    return placement.school if placement else None


@transaction.atomic
def pp_request_decide(
    *, request: PpRequest, approve: Decimal | None, reason: str, actor, override: bool = False
) -> PpRequest:
    """approve=None declines; an amount below the request reduces it (a reason is required for
    both). Refused when it would overspend the budget, unless the VSH overrides."""
    grant = request.grant_year
    _require(actor, grant, DECIDERS)
    if override:
        _require_override(actor, grant)
    amount = ZERO if approve is None else Decimal(approve).quantize(CENT)
    if amount < 0 or amount > request.requested:
        raise ValidationError({"approved": "Approve between £0 and the amount requested."})
    status = _status(request, approve, amount)
    if status != PpRequest.Status.APPROVED and not reason.strip():
        raise ValidationError({"reason": "Give a reason for reducing or declining."})
    _lock(grant)
    line = PaymentLine.objects.filter(request=request).first()
    if line and line.status == LineStatus.PAID:
        number = line.run.number if line.run else "?"
        raise ValidationError({"approved": f"Already paid in run {number}."})
    over = _overspend(grant, amount - (line.amount if line else ZERO), override)
    request.approved, request.status, request.reason = amount, status, reason.strip()
    request.overspend_override = over
    request.decided_by, request.decided_at = as_user(actor), timezone.now()
    save_validated(request, actor=actor)
    _line_for_request(request, line, amount, over, actor)
    return request


@transaction.atomic
def pp_requests_decide_many(
    *, requests: list[PpRequest], approve: bool, reason: str, actor
) -> list[PpRequest]:
    """The Virtual School Head's decision on many waiting requests at once: each approved in
    full or declined, all or none (one refusal, such as an overspend, leaves every one as it
    was). No override here: a decision past the budget is made one request at a time."""
    for grant in {r.grant_year for r in requests}:
        _require(actor, grant, {Role.VIRTUAL_SCHOOL_HEAD})
        _lock(grant)  # then read the requests again: another decision may have come first
    requests = list(PpRequest.objects.filter(pk__in=[r.pk for r in requests]).order_by("pk"))
    if any(r.status != PpRequest.Status.PENDING for r in requests):
        raise ValidationError("Only requests waiting for a decision can be decided together.")
    return [pp_request_decide(request=r, approve=r.requested if approve else None,
                              reason=reason, actor=actor) for r in requests]  # fmt: skip


def _overspend(grant: GrantYear, extra: Decimal, override: bool) -> bool:
    """True when `extra` goes past what remains and the VSH overrides; refused without."""
    remaining = ledger_totals(grant).remaining
    if extra <= remaining or extra <= 0:
        return False
    if not override:
        raise ValidationError(
            {"approved": f"This would overspend the budget: £{remaining} remains."}
        )
    return True


def _line_for_request(request: PpRequest, line, amount: Decimal, over: bool, actor) -> None:
    if amount == 0:
        if line is not None:  # not paid (checked); the history keeps the deleted line
            line._history_user = as_user(actor)  # type: ignore[attr-defined]  # simple-history's hook
            line.delete()
        return
    target = request.target
    line = line or PaymentLine(
        grant_year=request.grant_year,
        child=target.pep.child,
        school=current_school(target.pep.child),
        kind=PaymentLine.Kind.REQUEST,
        pep=target.pep,
        term=target.pep.term,
        request=request,
        category=target.category,
    )
    line.amount, line.overspend_override = amount, line.overspend_override or over
    save_validated(line, actor=actor)


def _status(request: PpRequest, approve, amount: Decimal) -> str:
    if approve is None or amount == 0:
        return PpRequest.Status.DECLINED
    if amount < request.requested:
        return PpRequest.Status.REDUCED
    return PpRequest.Status.APPROVED


def grant_for(la, day) -> GrantYear | None:
    return GrantYear.objects.filter(la=la, year=FinancialYear.containing(day).label).first()


@transaction.atomic
def pp_requests_from_pep(*, pep, grant: GrantYear | None = None, actor) -> list[PpRequest]:
    """A request for each of the PEP's targets that asks for PP+ and has none yet; requests still
    waiting for a decision follow their target's amount."""
    grant = grant or grant_for(pep.child.la, pep.term.starts_on if pep.term else pep.due_on)
    if grant is None:
        return []
    made = []
    for target in pep.targets.filter(pp_amount__gt=0).select_related("pp_request"):
        existing = getattr(target, "pp_request", None)
        if existing is None:
            request = PpRequest(grant_year=grant, target=target, requested=target.pp_amount)
            save_validated(request, actor=actor)
            made.append(request)
        elif existing.status == PpRequest.Status.PENDING and existing.requested != target.pp_amount:
            existing.requested = target.pp_amount
            save_validated(existing, actor=actor)
    return made


def meets_threshold(grant: GrantYear, rating: str) -> bool:
    if not grant.release_min_rating:
        return True
    scale = RATING_SCALES[grant.la.pep_quality_scale]
    return rating in scale and scale.index(rating) <= scale.index(grant.release_min_rating)


@transaction.atomic
def pp_release_for_pep(*, pep, actor) -> PaymentLine | None:
    """The release rule, applied when a PEP is signed off: one release per child per term, to
    the child's current school, if the PEP's rating meets the threshold and the child attracts
    the grant that year. Over budget, the line is held for the VSH (sign-off still stands)."""
    if pep.term is None:
        return None
    grant = grant_for(pep.child.la, pep.term.starts_on)
    if (
        grant is None
        or grant.release_per_term <= 0
        or not meets_threshold(grant, pep.quality_rating)
    ):
        return None
    if not is_eligible(pep.child, FinancialYear.parse(grant.year)):
        return None
    _lock(grant)
    if PaymentLine.objects.filter(
        grant_year=grant, child=pep.child, term=pep.term, kind=PaymentLine.Kind.RELEASE
    ).exists():
        return None
    amount = grant.release_per_term
    over = amount > ledger_totals(grant).remaining
    line = PaymentLine(
        grant_year=grant,
        child=pep.child,
        school=current_school(pep.child),
        kind=PaymentLine.Kind.RELEASE,
        pep=pep,
        term=pep.term,
        category=RELEASE_CATEGORY,
        amount=amount,
        status=LineStatus.HELD if over else LineStatus.COMMITTED,
        hold_reason="Over budget: needs the Virtual School Head's override" if over else "",
    )
    save_validated(line, actor=actor)
    return line


@transaction.atomic
def payment_line_release(*, line: PaymentLine, actor) -> PaymentLine:
    """The VSH commits a held line, overriding the budget."""
    _require_override(actor, line.grant_year)
    if line.status != LineStatus.HELD:
        raise ValidationError("Only a held line can be released.")
    _lock(line.grant_year)
    line.status, line.hold_reason, line.overspend_override = LineStatus.COMMITTED, "", True
    save_validated(line, actor=actor)
    return line


@transaction.atomic
def payment_run_create(*, grant: GrantYear, actor) -> PaymentRun:
    """Every committed line with a school to pay goes into a new run and is marked paid. Running
    it twice pays nothing twice: the second run finds no committed lines."""
    _require(actor, grant, DECIDERS)
    _lock(grant)
    lines = list(grant.lines.filter(status=LineStatus.COMMITTED).select_related("child"))
    for line in lines:
        if line.school_id is None:
            line.school = current_school(line.child)
    payable = [line for line in lines if line.school_id is not None]
    if not payable:
        raise ValidationError("There are no committed lines with a school to pay.")
    last = grant.runs.aggregate(n=Max("number"))["n"] or 0
    run = PaymentRun(grant_year=grant, number=last + 1, created_by=as_user(actor))
    save_validated(run, actor=actor)
    for line in payable:
        line.status, line.run = LineStatus.PAID, run
    # One statement for the whole run (a term's run holds a line per child), with history.
    bulk_update_with_history(
        payable,
        PaymentLine,
        ["status", "run", "school"],
        batch_size=500,
        default_user=as_user(actor),
    )
    return run


@transaction.atomic
def central_spend_save(*, line: CentralSpend, actor, override: bool = False) -> CentralSpend:
    """Planned central spend stays within the top-slice unless the VSH overrides."""
    grant = line.grant_year
    _require(actor, grant, DECIDERS)
    if override:
        _require_override(actor, grant)
    _lock(grant)
    others = grant.central.exclude(pk=line.pk).aggregate(p=Sum("planned"))["p"] or ZERO
    top_slice = ledger_totals(grant).top_slice
    if others + line.planned > top_slice:
        if not override:
            raise ValidationError(
                {"planned": f"This would overspend the top-slice: £{top_slice - others} remains."}
            )
        line.overspend_override = True
    save_validated(line, actor=actor)
    return line
