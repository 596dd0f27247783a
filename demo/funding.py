"""Demo Pupil Premium Plus: this financial year's grant with a release rule, requests from the
demo PEPs (some approved, reduced or declined), releases for signed-off PEPs, central spend and
one payment run. Everything goes through the funding services."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from authorities.terms import term_on
from core.actors import SYSTEM
from funding.eligibility import FinancialYear
from funding.ledger import ledger
from funding.models import DEFAULT_RATES, CentralSpend, GrantYear
from funding.services import (
    central_spend_save,
    payment_run_create,
    pp_release_for_pep,
    pp_request_decide,
    pp_requests_from_pep,
)
from peps.models import Pep, Status


def demo_funding(rng: random.Random, la, as_of: date) -> int:
    term = term_on(la, as_of)
    year = FinancialYear.containing(term.starts_on if term else as_of)
    rate = DEFAULT_RATES.get(year.label, max(DEFAULT_RATES.values()))
    grant, _ = GrantYear.objects.get_or_create(
        la=la,
        year=year.label,
        defaults={
            "rate_per_child": rate,
            "top_slice_percent": Decimal("20"),
            "release_per_term": Decimal("575"),
            "release_min_rating": "amber",
        },
    )
    submitted = Pep.objects.filter(child__la=la).exclude(
        status__in=[Status.NOT_STARTED, Status.IN_PROGRESS]
    )
    requests = []
    for pep in submitted.select_related("child__la", "term"):
        requests += pp_requests_from_pep(pep=pep, grant=grant, actor=SYSTEM)
        if pep.status == Status.SIGNED_OFF:
            pp_release_for_pep(pep=pep, actor=SYSTEM)
    for i, request in enumerate(requests[: len(requests) * 2 // 3]):
        _decide(request, i)
    planned = (ledger(grant).top_slice / 2).quantize(Decimal("1"))
    central_spend_save(
        line=CentralSpend(
            grant_year=grant,
            description="Designated teacher training and attachment-aware schools programme",
            planned=planned,
            spent=(planned * Decimal(rng.randint(10, 60)) / 100).quantize(Decimal("1")),
        ),
        actor=SYSTEM,
    )
    if grant.lines.filter(status="committed").exists() and not grant.runs.exists():
        payment_run_create(grant=grant, actor=SYSTEM)
    return len(requests)


def _decide(request, i: int) -> None:
    if i % 5 == 3:
        pp_request_decide(
            request=request, approve=None, reason="Funded by the school", actor=SYSTEM
        )
    elif i % 5 == 4:
        half = (request.requested / 2).quantize(Decimal("0.01"))
        pp_request_decide(request=request, approve=half, reason="Half the sessions", actor=SYSTEM)
    else:
        pp_request_decide(request=request, approve=request.requested, reason="", actor=SYSTEM)
