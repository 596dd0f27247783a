"""Post-16 in a real browser, by keyboard, with axe on every page: the advisor records a NEET
month, asks for Post-16 PP+ above their limit and writes the PEP's post-16 plan; the post-16
lead finds the request on their home page and approves it. And media consent given and then
withdrawn by keyboard, the register flagging the child on the activity's day, and the register
marked by keyboard."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from children.roll.rules import school_year
from conftest import _child
from core.actors import SYSTEM
from funding.eligibility import FinancialYear
from peps.models import Pep, PepSection, Section
from peps.tests.test_browser_walk import as_user, follow, tab_to, type_date, type_into
from post16.models import Post16Grant, Post16Plan, Post16Request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _choose(page, name: str, steps: int = 0) -> None:
    """A radio group: Tab into it, move with the arrow keys, and Space selects."""
    tab_to(page, name=name)
    for _ in range(steps):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")


def _enter(page, selector: str) -> None:
    """Focus a link (its visible text is shared by every row) and follow it with Enter."""
    page.focus(selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.checked()


def test_the_advisor_and_the_post16_lead_by_keyboard(world, a11y_page, live_server):
    today = timezone.localdate()
    advisor, lead = world.users["education_support_advisor"], world.users["team_manager"]
    young = _child(
        world.la, world.school, forename="Dee", surname="Young",
        date_of_birth=datetime.date(school_year(today) - 16, 6, 1),  # Year 12
    )  # fmt: skip
    young.education_support_advisor = advisor
    young.save()
    Post16Grant.objects.create(
        la=world.la, year=FinancialYear.containing(today).label, allocation=Decimal("5000"),
        advisor_limit_per_term=Decimal("300"), lead=lead,
    )  # fmt: skip
    pep = Pep.objects.create(child=young, pep_type="termly", due_on=today, status="in_progress")
    PepSection.objects.bulk_create(PepSection(pep=pep, key=k) for k in Section.values)

    as_user(a11y_page, live_server, world, "education_support_advisor")
    a11y_page.checked()
    a11y_page.goto(live_server.url + "/enrichment/post-16/")
    a11y_page.checked()
    _enter(a11y_page, f"a[href='/enrichment/post-16/{young.pk}/']")
    _choose(a11y_page, "activity", steps=6)  # the seventh: NEET
    _choose(a11y_page, "neet_reason")  # looking for work or learning
    follow(a11y_page, "Save the check")
    assert "NEET" in a11y_page.content()
    _enter(a11y_page, f"a[href='/post-16/children/{young.pk}/pupil-premium-plus/']")
    type_into(a11y_page, "amount", "450")
    _choose(a11y_page, "purpose", steps=1)  # equipment
    type_into(a11y_page, "detail", "A laptop for coursework")
    follow(a11y_page, "Send the request")
    assert "the post-16 lead decides it" in a11y_page.content()
    asked = Post16Request.objects.get()
    assert (asked.status, asked.purpose) == ("referred", "equipment")
    a11y_page.goto(live_server.url + f"/post-16/peps/{pep.pk}/plan/")
    a11y_page.checked()
    type_into(a11y_page, "course", "BTEC National in Sport")
    _choose(a11y_page, "level", steps=3)  # Level 3
    type_date(a11y_page, "careers_guidance_on", today - datetime.timedelta(days=14))
    type_into(a11y_page, "next_steps", "Sports science at university")
    follow(a11y_page, "Save the post-16 plan")
    plan = Post16Plan.objects.get(pep=pep)
    assert (plan.level, plan.complete) == ("3", True)

    as_user(a11y_page, live_server, world, "team_manager")
    a11y_page.checked()
    assert "1 request waiting for your decision" in a11y_page.content()
    follow(a11y_page, "1 request waiting for your decision")
    follow(a11y_page, "Dee Young")
    _choose(a11y_page, "decision")  # approve
    follow(a11y_page, "Record the decision")
    assert Post16Request.objects.get().status == "approved"


def test_consent_given_then_withdrawn_by_keyboard_flags_the_register(world, a11y_page, live_server):
    from enrichment.models import Activity, Booking
    from enrichment.services import activity_save, booking_make

    day = timezone.localdate() + datetime.timedelta(days=30)
    activity = activity_save(
        actor=SYSTEM,
        activity=Activity(
            la=world.la, title="Photography walk", category="arts", starts_on=day, ends_on=day,
            place="Canal side", where="in_la", capacity=8, groups=["cla"],
        ),
    )  # fmt: skip
    booking_make(
        activity=activity, child=world.child, needs_shared="", emergency_contact="Carer",
        actor=SYSTEM,
    )  # fmt: skip
    as_user(a11y_page, live_server, world, "social_worker")
    a11y_page.checked()
    a11y_page.goto(live_server.url + f"/enrichment/consent/{world.child.pk}/")
    a11y_page.checked()
    type_into(a11y_page, "holder", "The carer (placement plan)")
    tab_to(a11y_page, name="uses")
    a11y_page.keyboard.press("Space")  # internal use
    type_date(a11y_page, "given_on", timezone.localdate())
    follow(a11y_page, "Record consent")
    a11y_page.goto(live_server.url + f"/enrichment/{activity.pk}/")
    a11y_page.checked()
    assert "Yes: internal" in a11y_page.content()
    a11y_page.goto(live_server.url + f"/enrichment/consent/{world.child.pk}/")
    a11y_page.checked()
    type_date(a11y_page, "day", timezone.localdate() + datetime.timedelta(days=1))
    follow(a11y_page, "Withdraw")
    a11y_page.goto(live_server.url + f"/enrichment/{activity.pk}/")
    a11y_page.checked()
    assert "No photographs" in a11y_page.content()
    # The register, by keyboard: the development officer marks the child as come.
    as_user(a11y_page, live_server, world, "development_officer")
    a11y_page.checked()
    a11y_page.goto(live_server.url + f"/enrichment/{activity.pk}/")
    a11y_page.checked()
    tab_to(a11y_page, name="booking")  # the only booked child, chosen already
    _choose(a11y_page, "attended")  # came
    follow(a11y_page, "Mark")
    assert Booking.objects.get().attended is True
