"""Enrichment in a real browser, with axe: a social worker books by keyboard, the development
officer's pages, and a partner's register."""

import datetime

import pytest

from accounts.tests.factories import PASSWORD
from core.tests.browser import sign_in
from enrichment.models import Booking

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_booking_by_keyboard_and_the_programme_pages(world, a11y_page, live_server):
    from core.actors import SYSTEM
    from enrichment.models import Activity
    from enrichment.services import activity_save

    activity = activity_save(
        actor=SYSTEM,
        activity=Activity(
            la=world.la,
            title="Street dance",
            category="arts",
            starts_on=datetime.date(2030, 3, 2),
            ends_on=datetime.date(2030, 3, 2),
            place="Arts Centre",
            where="in_la",
            capacity=8,
            groups=["cla"],
        ),
    )
    sw = world.users["social_worker"]
    sign_in(a11y_page, live_server.url, sw.email, PASSWORD, world.totp_secrets["social_worker"])
    a11y_page.goto(live_server.url + f"/enrichment/{activity.pk}/")
    a11y_page.checked()
    a11y_page.click("button:has-text('Book')")  # nothing filled in
    a11y_page.checked()
    assert a11y_page.title().startswith("Error: ")
    a11y_page.focus("#id_b_emergency_contact")
    a11y_page.keyboard.type("Carer, 07700 900123")
    a11y_page.focus("button:has-text('Book')")
    with a11y_page.expect_navigation():
        a11y_page.keyboard.press("Enter")
    a11y_page.checked()
    assert Booking.objects.get().status == "booked"
    a11y_page.goto(live_server.url + f"/enrichment/consent/{world.child.pk}/")
    a11y_page.checked()
    a11y_page.context.clear_cookies()
    officer = world.users["development_officer"]
    sign_in(
        a11y_page,
        live_server.url,
        officer.email,
        PASSWORD,
        world.totp_secrets["development_officer"],
    )
    for path in [
        "/",
        "/enrichment/",
        "/enrichment/new/",
        f"/enrichment/{activity.pk}/",
        f"/enrichment/{activity.pk}/edit/",
        "/enrichment/post-16/",
        f"/enrichment/post-16/{world.child.pk}/",
    ]:
        a11y_page.goto(live_server.url + path)
        a11y_page.checked()
