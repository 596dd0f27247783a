"""A PEP from initiation to sign-off, a different person at each step, by keyboard only, with
axe on every page and the error summary focused when a submit fails."""

import datetime

import pytest

from accounts.tests.factories import PASSWORD
from authorities.terms import calendar_set_typical
from core.tests.browser import sign_in
from peps.models import Pep, Status
from peps.services import RUBRIC

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACTIVE = """() => {
  const e = document.activeElement;
  return [(e.innerText || e.value || '').trim(), e.getAttribute('name') || '', e.tagName];
}"""


def tab_to(page, *, text: str = "", name: str = "", limit: int = 250) -> None:
    """Press Tab until the focused element shows `text` or has the field name `name`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        shown, field, _ = page.evaluate(ACTIVE)
        if (text and text in shown) or (name and field == name):
            return
    raise AssertionError(f"Tab never reached {text or name!r}")


def follow(page, text: str) -> None:
    """Tab to a link or button and press Enter: the next page loads and is checked."""
    tab_to(page, text=text)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.checked()


def type_into(page, name: str, value: str) -> None:
    tab_to(page, name=name)
    page.keyboard.type(value)


def type_date(page, name: str, day: datetime.date) -> None:
    tab_to(page, name=f"{name}-day")  # the GOV.UK date input: day, month, year boxes
    page.keyboard.type(str(day.day))
    page.keyboard.press("Tab")
    page.keyboard.type(str(day.month))
    page.keyboard.press("Tab")
    page.keyboard.type(str(day.year))


def as_user(page, live_server, world, role: str) -> None:
    page.context.clear_cookies()
    user = world.users[role]
    sign_in(page, live_server.url, user.email, PASSWORD, world.totp_secrets[role])


def test_pep_from_initiation_to_sign_off_by_keyboard(world, a11y_page, live_server):
    today = datetime.date.today()
    calendar_set_typical(la=world.la, years=[today.year - 1, today.year])
    page = a11y_page

    # The social worker starts the PEP and writes the child's voice.
    as_user(page, live_server, world, "social_worker")
    page.goto(f"{live_server.url}/peps/children/{world.child.pk}/")
    page.checked()
    follow(page, "Start the PEP due now")
    pep = Pep.objects.get()
    follow(page, "The child's voice")
    type_into(page, "text", "I want to join the choir and get better at reading.")
    follow(page, "Save")

    # The designated teacher tries to submit too early, then adds a target and the meeting.
    as_user(page, live_server, world, "designated_teacher")
    page.goto(f"{live_server.url}/peps/{pep.pk}/")
    page.checked()
    follow(page, "Submit to the Virtual School")
    assert page.evaluate("() => document.activeElement.classList.contains('govuk-error-summary')")
    assert "Add at least one target" in page.inner_text(".govuk-error-summary")
    follow(page, "Add a target")
    type_into(page, "what", "Read a chapter book on her own")
    type_into(page, "measure", "Reading age test in March")
    type_date(page, "by_when", today + datetime.timedelta(days=90))
    type_into(page, "who", "Class teacher")
    type_into(page, "pp_amount", "300")
    tab_to(page, name="category")
    page.keyboard.type("Literacy")
    follow(page, "Save")
    follow(page, "Record the meeting")
    type_date(page, "meeting_on", today)
    type_date(page, "next_meeting_on", today + datetime.timedelta(days=90))
    type_into(page, "attendees", "Ms Head, designated teacher\nMr Smith, social worker")
    follow(page, "Save")
    follow(page, "Submit to the Virtual School")
    assert Pep.objects.get().status == Status.SUBMITTED

    # The education support advisor rates it against the rubric.
    as_user(page, live_server, world, "education_support_advisor")
    page.goto(f"{live_server.url}/peps/{pep.pk}/")
    page.checked()
    follow(page, "Rate quality")
    for key, _ in RUBRIC:  # Tab into each criterion's radios: Space picks the first (green)
        tab_to(page, name=f"{key}_rating")
        page.keyboard.press("Space")
    follow(page, "Save")
    assert Pep.objects.get().status == Status.QUALITY_ASSURED

    # The Virtual School Head signs it off; it is locked.
    as_user(page, live_server, world, "virtual_school_head")
    page.goto(f"{live_server.url}/peps/{pep.pk}/")
    page.checked()
    follow(page, "Sign off")
    assert Pep.objects.get().status == Status.SIGNED_OFF
    assert "This version is locked" in page.inner_text("main")
    follow(page, "Printable version")  # the printable page passes axe too
    assert page.inner_text("body").count("OFFICIAL-SENSITIVE") >= 2
