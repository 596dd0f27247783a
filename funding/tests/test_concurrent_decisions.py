"""Two decisions at the same moment, each on its own database connection, that each fit the
budget alone but not together: the grant year's row lock lets exactly one through."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from core.actors import SYSTEM
from funding.ledger import ledger
from funding.models import GrantYear, PpRequest
from funding.services import pp_request_decide, pp_requests_from_pep
from peps.models import PepTarget
from peps.services import pep_initiate

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite runs one writer at a time (IMMEDIATE transactions): decisions cannot overlap",
)
def test_two_simultaneous_approvals_cannot_both_spend_the_last_pounds(world):
    from authorities.terms import calendar_set_typical

    calendar_set_typical(la=world.la, years=[2025])
    # Two eligible children x £1,000, nothing top-sliced: £2,000 for schools.
    grant = GrantYear.objects.create(la=world.la, year="2025-26", rate_per_child=Decimal("1000"))
    pep = pep_initiate(child=world.child, actor=SYSTEM, day=datetime.date(2025, 10, 1))
    for what in ("Tutor", "Mentor"):
        PepTarget.objects.create(
            pep=pep,
            what=what,
            measure="m",
            by_when=datetime.date(2026, 3, 1),
            who="DT",
            pp_amount=Decimal("1500"),
            category="tuition",
        )
    ids = [r.pk for r in pp_requests_from_pep(pep=pep, grant=grant, actor=SYSTEM)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(pk: int, role: str) -> None:
        try:
            request = PpRequest.objects.select_related("grant_year__la", "target__pep").get(pk=pk)
            barrier.wait()
            pp_request_decide(
                request=request, approve=Decimal("1500"), reason="", actor=world.users[role]
            )
            outcomes.append("approved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=(ids[0], "virtual_school_head")),
        threading.Thread(target=decide, args=(ids[1], "team_manager")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["approved", "refused"]
    assert ledger(grant).committed == Decimal("1500.00")
