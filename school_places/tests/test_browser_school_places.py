"""A social worker's referral and the officer's case page in a real browser, with axe, the
referral sent by keyboard alone."""

import pytest

from accounts.tests.factories import PASSWORD
from core.tests.browser import sign_in
from school_places.models import Case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_referral_by_keyboard_reaches_the_officers_case_page(world, a11y_page, live_server):
    sw = world.users["social_worker"]
    sign_in(a11y_page, live_server.url, sw.email, PASSWORD, world.totp_secrets["social_worker"])
    a11y_page.goto(live_server.url + f"/children/{world.child.pk}/")
    a11y_page.checked()
    a11y_page.click("a:has-text('Ask the school placement team')")
    a11y_page.checked()
    a11y_page.click("button:has-text('Send the referral')")  # nothing filled in
    a11y_page.checked()
    assert a11y_page.title().startswith("Error: ")
    a11y_page.focus("#id_reason")
    a11y_page.keyboard.type("Moved to a foster home across the city")
    a11y_page.focus("button:has-text('Send the referral')")
    with a11y_page.expect_navigation():
        a11y_page.keyboard.press("Enter")
    a11y_page.checked()
    case = Case.objects.get()
    a11y_page.context.clear_cookies()
    spo = world.users["school_placement_officer"]
    sign_in(
        a11y_page,
        live_server.url,
        spo.email,
        PASSWORD,
        world.totp_secrets["school_placement_officer"],
    )
    for path in ["/school-places/", f"/school-places/{case.pk}/", "/children/no-school-place/"]:
        a11y_page.goto(live_server.url + path)
        a11y_page.checked()
    a11y_page.goto(live_server.url + f"/school-places/{case.pk}/")
    a11y_page.click("button:has-text('Record the application')")  # nothing filled in
    a11y_page.checked()
    assert a11y_page.title().startswith("Error: ")
