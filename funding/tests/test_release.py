"""The release rule and payment runs, computed independently on generated children and PEPs:
what the ledger and the finance file say must agree to the penny."""

import csv
import datetime
import io
import random
from collections import defaultdict
from decimal import Decimal

import pytest

from authorities.models import Term
from authorities.terms import calendar_set_typical
from children.models import CareEpisode, EducationPlacement
from children.tests.factories import ChildFactory
from core.actors import SYSTEM
from funding.eligibility import FinancialYear
from funding.ledger import ledger
from funding.models import GrantYear, PaymentLine
from funding.payments import run_csv
from funding.services import payment_line_release, payment_run_create
from funding.tests.test_eligibility import _expected
from peps.models import Pep, PepType, Status
from peps.services import pep_new_version, pep_sign_off
from schools.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db
D = datetime.date
RATINGS = ["outstanding", "good", "requires improvement", "inadequate"]


def _generated(world, rng, n=40):
    world.la.pep_quality_scale = "ofsted"
    world.la.save()
    calendar_set_typical(la=world.la, years=[2025])
    schools = [SchoolFactory(la_code="330", name=f"School {i}") for i in range(3)]
    generated, placed = [], {}
    for i in range(n):
        dob = D(2008, 1, 1) + datetime.timedelta(days=rng.randint(0, 365 * 16))
        child = ChildFactory(la=world.la, date_of_birth=dob, la_child_id=f"R{i:03d}")
        start = D(2024, 1, 1) + datetime.timedelta(days=rng.randint(0, 600))
        end = None if rng.random() < 0.6 else start + datetime.timedelta(days=rng.randint(1, 200))
        status = rng.choice(["C2", "C2", "E1", "V3"])
        CareEpisode.objects.create(child=child, started_on=start, ended_on=end, legal_status=status)
        school = rng.choice(schools)
        EducationPlacement.objects.create(
            child=child, school=school, urn=school.urn, provision_type="school", started_on=start
        )
        generated.append((child, [(start, end, status)]))
        placed[child.la_child_id] = school
    return generated, placed


def _sign_off_all(world, generated, rng):
    terms = list(
        Term.objects.filter(la=world.la, academic_year=2025, name__in=["autumn", "spring"])
    )
    ratings = {}
    for child, _ in generated:
        for term in terms:
            rating = rng.choice(RATINGS)
            pep = Pep.objects.create(
                child=child,
                pep_type=PepType.TERMLY,
                term=term,
                due_on=term.ends_on,
                status=Status.QUALITY_ASSURED,
                quality_rating=rating,
            )
            pep_sign_off(pep=pep, actor=SYSTEM)
            ratings[(child.la_child_id, term.pk)] = rating
    return ratings


def test_release_and_payment_agree_with_an_independent_reading(world):
    rng = random.Random(11)
    generated, placed = _generated(world, rng)
    grant = GrantYear.objects.create(
        la=world.la,
        year="2025-26",
        rate_per_child=Decimal("2630.00"),
        top_slice_percent=Decimal("12.5"),
        release_per_term=Decimal("587.50"),
        release_min_rating="good",
    )
    ratings = _sign_off_all(world, generated, rng)

    eligible = _expected(generated, FinancialYear.parse("2025-26"))
    want_school, want_child = defaultdict(Decimal), defaultdict(Decimal)
    for (child_id, _), rating in ratings.items():
        if child_id in eligible and rating in ("outstanding", "good"):
            want_school[placed[child_id].name] += Decimal("587.50")
            want_child[child_id] += Decimal("587.50")
    everyone = len(eligible) + 2  # the world's two LA 330 children are eligible too
    allocation = Decimal("2630.00") * everyone
    book = ledger(grant)
    assert book.eligible == everyone
    assert (book.allocation, book.top_slice) == (
        allocation,
        (allocation / 8).quantize(Decimal("0.01")),
    )
    assert book.held == 0 and book.paid == 0
    assert book.committed == sum(want_child.values()) > 0
    assert {k: v.committed for k, v in book.by_school.items()} == dict(want_school)
    assert {k: v.committed for k, v in book.by_child.items()} == dict(want_child)

    # A new version of a signed-off PEP, signed off again, releases nothing more that term.
    first = PaymentLine.objects.order_by("pk").first()
    again = pep_new_version(pep=first.pep, actor=SYSTEM)
    Pep.objects.filter(pk=again.pk).update(status=Status.QUALITY_ASSURED, quality_rating="good")
    again.refresh_from_db()
    pep_sign_off(pep=again, actor=SYSTEM)
    assert ledger(grant).committed == book.committed

    run = payment_run_create(grant=grant, actor=world.users["virtual_school_head"])
    rows = list(csv.DictReader(io.StringIO(run_csv(run).decode())))
    paid_school = defaultdict(Decimal)
    for row in rows:
        paid_school[row["school_name"]] += Decimal(row["amount"])
        assert row["run_reference"] == "PPPLUS-330-2025-26-001"
    assert dict(paid_school) == dict(want_school)
    after = ledger(grant)
    assert (after.committed, after.paid) == (Decimal("0"), book.committed)
    paid = PaymentLine.history.filter(status="paid", run=run)
    assert paid.count() == len(rows) and {h.history_user for h in paid} == {
        world.users["virtual_school_head"]
    }


def test_a_release_past_the_budget_is_held_until_the_vsh_overrides(world):
    rng = random.Random(11)
    generated, _ = _generated(world, rng)
    grant = GrantYear.objects.create(
        la=world.la,
        year="2025-26",
        rate_per_child=Decimal("40.00"),
        release_per_term=Decimal("60.00"),
    )
    _sign_off_all(world, generated, rng)
    book = ledger(grant)
    held = PaymentLine.objects.filter(status="held")
    assert held.exists() and book.committed <= book.available
    assert book.held == sum(line.amount for line in held)
    assert book.available - book.committed < Decimal("60.00")  # held only when it did not fit
    with pytest.raises(Exception, match="Virtual School Head"):
        payment_line_release(line=held.first(), actor=world.users["team_manager"])
    line = payment_line_release(line=held.first(), actor=world.users["virtual_school_head"])
    assert line.overspend_override and ledger(grant).committed == book.committed + Decimal("60.00")
