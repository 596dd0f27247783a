import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from authorities.terms import calendar_set_typical
from core.actors import SYSTEM
from funding.ledger import ledger
from funding.models import GrantYear, PaymentLine, PpRequest
from funding.services import payment_run_create, pp_request_decide, pp_requests_from_pep
from peps.models import PepTarget
from peps.services import pep_initiate

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def requests(world):
    """Two eligible children in LA 330 (born 2014, in care since January 2024)."""
    calendar_set_typical(la=world.la, years=[2025])
    grant = GrantYear.objects.create(
        la=world.la, year="2025-26", rate_per_child=Decimal("2630"), top_slice_percent=Decimal("20")
    )
    made = []
    for child, amounts in ((world.child, ["600", "450.50"]), (world.unlinked_child, ["900"])):
        pep = pep_initiate(child=child, actor=SYSTEM, day=D(2025, 10, 1))
        for i, amount in enumerate(amounts):
            PepTarget.objects.create(
                pep=pep,
                what=f"Target {i}",
                measure="m",
                by_when=D(2026, 3, 1),
                who="DT",
                pp_amount=Decimal(amount),
                category=["tuition", "literacy"][i],
            )
        made += pp_requests_from_pep(pep=pep, grant=grant, actor=SYSTEM)
    return grant, made


def test_ledger_agrees_to_the_penny(world, requests):
    grant, (a, b, c) = requests
    vsh = world.users["virtual_school_head"]
    pp_request_decide(request=a, approve=Decimal("600"), reason="", actor=vsh)
    pp_request_decide(request=b, approve=Decimal("300.25"), reason="Half the sessions", actor=vsh)
    pp_request_decide(request=c, approve=None, reason="Funded by the school", actor=vsh)
    PaymentLine.objects.filter(request=b).update(status="held")  # keep b out of the run
    run = payment_run_create(grant=grant, actor=vsh)
    PaymentLine.objects.filter(request=b).update(status="committed")
    assert list(run.lines.values_list("request", flat=True)) == [a.pk]
    book = ledger(grant)
    # Independently: 2 eligible children x £2,630 = £5,260; 20% top-slice = £1,052.00.
    assert (book.allocation, book.top_slice, book.available) == (
        Decimal("5260.00"),
        Decimal("1052.00"),
        Decimal("4208.00"),
    )
    assert (book.paid, book.committed) == (Decimal("600.00"), Decimal("300.25"))
    assert book.remaining == Decimal("3307.75")
    totals = {k: v.total for k, v in book.by_category.items()}
    assert totals == {"tuition": Decimal("600.00"), "literacy": Decimal("300.25")}
    assert {k: (v.committed, v.paid) for k, v in book.by_child.items()} == {
        world.child.la_child_id: (Decimal("300.25"), Decimal("600.00"))
    }
    assert PpRequest.objects.get(pk=b.pk).status == "reduced"


def test_an_overspend_is_refused_unless_the_vsh_overrides(world, requests):
    grant, (a, _, _) = requests
    GrantYear.objects.filter(pk=grant.pk).update(top_slice_percent=Decimal("90"))  # £526 left
    grant.refresh_from_db()
    a.grant_year = grant
    tm, vsh = world.users["team_manager"], world.users["virtual_school_head"]
    with pytest.raises(ValidationError, match="overspend"):
        pp_request_decide(request=a, approve=Decimal("600"), reason="", actor=tm)
    assert PpRequest.objects.get(pk=a.pk).status == "pending"
    with pytest.raises(PermissionDenied):
        pp_request_decide(request=a, approve=Decimal("600"), reason="", actor=tm, override=True)
    decided = pp_request_decide(
        request=a, approve=Decimal("600"), reason="", actor=vsh, override=True
    )
    assert decided.overspend_override and decided.history.first().history_user == vsh


def test_decisions_need_reasons_and_the_right_role(world, requests):
    _, (a, _, _) = requests
    with pytest.raises(ValidationError, match="reason"):
        pp_request_decide(request=a, approve=None, reason=" ", actor=world.users["team_manager"])
    with pytest.raises(PermissionDenied):
        pp_request_decide(
            request=a, approve=Decimal("1"), reason="x", actor=world.users["designated_teacher"]
        )
    with pytest.raises(ValidationError):
        pp_request_decide(
            request=a, approve=Decimal("700"), reason="", actor=world.users["virtual_school_head"]
        )


def test_the_ledger_reads_a_fixed_number_of_queries(world, requests, django_assert_max_num_queries):
    grant, made = requests
    pep = made[0].target.pep
    for i in range(20):  # enough that a query per request would show
        PepTarget.objects.create(
            pep=pep,
            what=f"Extra {i}",
            measure="m",
            by_when=D(2026, 3, 1),
            who="DT",
            pp_amount=Decimal("10"),
            category="tuition",
        )
    made += pp_requests_from_pep(pep=pep, grant=grant, actor=SYSTEM)
    for request in made:
        pp_request_decide(request=request, approve=Decimal("1"), reason="x", actor=SYSTEM)
    with django_assert_max_num_queries(12):
        book = ledger(grant)
    assert sum(v.total for v in book.by_school.values()) == Decimal(len(made))


def test_a_paid_decision_cannot_change_and_a_second_run_pays_nothing(world, requests):
    grant, (a, _, _) = requests
    vsh = world.users["virtual_school_head"]
    pp_request_decide(request=a, approve=Decimal("600"), reason="", actor=vsh)
    payment_run_create(grant=grant, actor=vsh)
    with pytest.raises(ValidationError, match="Already paid"):
        pp_request_decide(request=a, approve=Decimal("100"), reason="less", actor=vsh)
    with pytest.raises(ValidationError, match="no committed lines"):
        payment_run_create(grant=grant, actor=vsh)
    assert ledger(grant).paid == Decimal("600.00")


def test_declining_after_approval_removes_the_unpaid_line(world, requests):
    grant, (a, _, _) = requests
    vsh = world.users["virtual_school_head"]
    pp_request_decide(request=a, approve=Decimal("600"), reason="", actor=vsh)
    assert ledger(grant).committed == Decimal("600.00")
    pp_request_decide(request=a, approve=None, reason="Changed plan", actor=vsh)
    assert ledger(grant).committed == Decimal("0") and not PaymentLine.objects.exists()
    deleted = PaymentLine.history.filter(history_type="-").get()
    assert deleted.history_user == vsh and deleted.amount == Decimal("600.00")


def test_the_dfes_confirmed_allocation_becomes_the_budget(world, requests):
    grant, _ = requests
    grant.confirmed_allocation = Decimal("5000")
    grant.save()
    book = ledger(grant)
    # Our estimate stays 2 x £2,630; the budget is the DfE's £5,000 less the 20% top-slice.
    assert (book.estimate, book.allocation) == (Decimal("5260.00"), Decimal("5000.00"))
    assert (book.top_slice, book.available) == (Decimal("1000.00"), Decimal("4000.00"))
