"""The public form and the advisor's pages in a real browser: axe on each page, the question
sent by keyboard alone, and sent again with JavaScript switched off."""

import pytest

from accounts.tests.factories import PASSWORD
from advice.models import AdviceRequest
from core.tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill_by_keyboard(page):
    page.focus("#id_requester_type")
    page.keyboard.press("Space")  # the first choice: adoptive parent
    for field, text in (
        ("#id_requester_name", "Jo Smith"),
        ("#id_requester_contact", "jo@example.org"),
        ("#id_question", "Which schools near us have places in Year 3?"),
    ):
        page.focus(field)
        page.keyboard.type(text)
    page.focus("#id_topics")
    page.keyboard.press("Space")


def test_the_public_form_by_keyboard_and_without_javascript(
    world, a11y_page, browser, live_server, monkeypatch
):
    monkeypatch.setattr("advice.public_views.FASTEST", 0)  # a robot-fast test is a person here
    url = live_server.url + f"/ask/{world.la.code}/"
    a11y_page.goto(url)
    a11y_page.checked()
    a11y_page.click("button:has-text('Send your question')")
    a11y_page.checked()
    assert a11y_page.title().startswith("Error: ")
    _fill_by_keyboard(a11y_page)
    a11y_page.focus("button:has-text('Send your question')")
    with a11y_page.expect_navigation():
        a11y_page.keyboard.press("Enter")
    a11y_page.checked()
    made = AdviceRequest.objects.get()
    assert made.reference in a11y_page.content() and made.requester_name == "Jo Smith"
    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    plain.goto(url)
    _fill_by_keyboard(plain)
    plain.click("button:has-text('Send your question')")
    assert "Question sent" in plain.content() and AdviceRequest.objects.count() == 2
    context.close()


def test_the_advisors_pages(world, a11y_page, live_server):
    import datetime

    from advice.services import advice_request_create
    from core.actors import SYSTEM

    made = advice_request_create(
        la=world.la,
        received_on=datetime.date(2026, 5, 21),
        actor=SYSTEM,
        data={
            "channel": "phone",
            "requester_type": "special_guardian",
            "topics": ["send"],
            "question": "EHC assessment?",
        },
    )
    advisor = world.users["plac_advisor"]
    sign_in(a11y_page, live_server.url, advisor.email, PASSWORD, world.totp_secrets["plac_advisor"])
    for path in [
        "/",
        "/advice/",
        "/advice/?show=overdue",
        f"/advice/{made.pk}/",
        "/advice/new/",
        "/advice/figures/",
    ]:
        a11y_page.goto(live_server.url + path)
        a11y_page.checked()
    a11y_page.goto(live_server.url + f"/advice/{made.pk}/")
    a11y_page.click("button:has-text('Close the request')")  # nothing advised yet
    a11y_page.checked()
    assert a11y_page.title().startswith("Error: ")
