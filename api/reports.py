"""Pupil Premium Plus and the dashboard in the API, with the pages' access rules."""

from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from accounts.roles import Capability
from accounts.selectors import la_ids_with
from api.params import FinancialYearKey, PeriodKey, Text
from audit.services import Action, ObjectType, access_log_record
from children.roll.groups import Filters
from children.roll.rules import KeyStage
from funding.access import grants_visible_to
from funding.eligibility import FinancialYear
from funding.ledger import ledger
from reports.access import get_dashboard_la
from reports.dashboard import dashboard_kept
from reports.periods import period_from_key

router = Router(tags=["reports"])


class SplitOut(Schema):
    name: str
    committed: Decimal
    paid: Decimal


class PpPlusOut(Schema):
    la: str
    year: str
    rate_per_child: Decimal
    eligible_children: int
    estimated_allocation: Decimal
    allocation_confirmed: bool
    allocation: Decimal
    top_slice: Decimal
    available_to_schools: Decimal
    committed: Decimal
    paid: Decimal
    held: Decimal
    pending_requests: Decimal
    remaining: Decimal
    central_planned: Decimal
    central_spent: Decimal
    by_school: list[SplitOut]
    by_category: list[SplitOut]
    by_child: list[SplitOut]


def _log(request, what: str, object_type=ObjectType.REPORT) -> None:
    access_log_record(
        action=Action.VIEW,
        actor=request.user,
        request=request,
        object_type=object_type,
        object_id=what,
        via_api=True,
    )


@router.get("/ppplus/{year}/summary", response=PpPlusOut)
def ppplus_summary(request, year: FinancialYearKey, la: Text | None = None):
    """The grant year's ledger: allocation, top-slice, committed, paid and remaining, by school,
    intervention category and child (child IDs only). For people who manage PP+."""
    try:
        FinancialYear.parse(year)
    except ValueError as exc:  # the right shape, but no year (2024-26): nothing is there
        raise HttpError(404, str(exc)) from None
    if not la_ids_with(request.user, Capability.MANAGE_FUNDING):
        raise HttpError(403, "Your roles do not include Pupil Premium Plus")
    grants = grants_visible_to(request.user).filter(year=year).select_related("la")
    grant = (grants.filter(la__code=la) if la else grants.order_by("la__code")).first()
    if grant is None:
        raise HttpError(404, f"No Pupil Premium Plus grant year {year} is set up")
    _log(request, f"ppplus {grant.la.code} {year}", ObjectType.FUNDING)
    book = ledger(grant)
    return {
        "la": grant.la.code,
        "year": grant.year,
        "rate_per_child": grant.rate_per_child,
        "eligible_children": book.eligible,
        "estimated_allocation": book.estimate,
        "allocation_confirmed": grant.confirmed_allocation is not None,
        "allocation": book.allocation,
        "top_slice": book.top_slice,
        "available_to_schools": book.available,
        "committed": book.committed,
        "paid": book.paid,
        "held": book.held,
        "pending_requests": book.pending,
        "remaining": book.remaining,
        "central_planned": book.central_planned,
        "central_spent": book.central_spent,
        "by_school": _splits(book.by_school),
        "by_category": _splits(book.by_category),
        "by_child": _splits(book.by_child),
    }


def _splits(rows) -> list[dict]:
    return [{"name": k, "committed": v.committed, "paid": v.paid} for k, v in rows.items()]


class FigureOut(Schema):
    key: str
    section: str
    label: str
    count: int | None
    of: int | None
    percent: Decimal | None
    unit: str
    value: Decimal | None


class DashboardOut(Schema):
    la: str
    period: str
    period_label: str
    as_of: str
    key_stage: str
    location: str
    figures: list[FigureOut]


@router.get("/reports/dashboard", response=DashboardOut)
def dashboard(
    request,
    term: PeriodKey | None = None,
    key_stage: KeyStage | None = None,
    location: Literal["in", "out"] | None = None,
    la: Text | None = None,
):
    """The dashboard's figures for a term (2025-autumn) or school year (2025); this term when
    `term` is left out. Not suppressed: for Virtual School staff, as on the page."""
    try:
        la_obj = get_dashboard_la(request.user, la)
    except PermissionDenied:
        raise HttpError(403, "Your roles do not include the dashboard") from None
    today = timezone.localdate()
    period = period_from_key(la_obj, term, today)
    if period is None:
        raise HttpError(404, f"No term or school year {term} in the LA's calendar")
    _log(request, f"dashboard {la_obj.code} {period.key}")
    key_stage, location = key_stage or "", location or ""  # enumerations in the schema
    board = dashboard_kept(la_obj, period, Filters(key_stage, location), today)
    figures = [
        {**f.as_dict(), "key": f.key, "section": s.key}
        for s in board.sections
        for f in s.all_figures()
    ]
    return {
        "la": la_obj.code,
        "period": period.key,
        "period_label": period.label,
        "as_of": board.as_of.isoformat(),
        "key_stage": key_stage,
        "location": location,
        "figures": figures,
    }
