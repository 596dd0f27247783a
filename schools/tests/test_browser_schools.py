"""The Area Education Officer's journeys in a real browser, with axe on every page and the
keyboard alone where it matters: their home, recording a visit, an event booked by a
designated teacher and its register, and a self-evaluation."""

import datetime

import pytest
from django.utils import timezone

from accounts.tests.factories import PASSWORD
from core.actors import SYSTEM
from core.tests.browser import sign_in
from events.models import Event
from events.services import event_save
from schools.areas import area_save, area_schools_set
from schools.models import Area

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page, world, role, url):
    user = world.users[role]
    sign_in(page, url, user.email, PASSWORD, world.totp_secrets[role])


def _area(world):
    from authorities.terms import calendar_set_typical

    today = datetime.date.today()
    calendar_set_typical(la=world.la, years=[today.year - 1, today.year])
    area = area_save(
        area=Area(la=world.la, name="North"),
        officers=[world.users["area_education_officer"]],
        actor=SYSTEM,
    )
    area_schools_set(area=area, schools=[world.school], actor=SYSTEM)


def test_an_aeo_records_a_visit_by_keyboard(world, a11y_page, live_server):
    _area(world)
    _as(a11y_page, world, "area_education_officer", live_server.url)
    assert "Oak Park Academy" in a11y_page.inner_text("main")  # their home lists the school
    for path in ["/schools/mine/", f"/schools/{world.school.urn}/"]:
        a11y_page.goto(live_server.url + path)
        a11y_page.checked()
    a11y_page.goto(live_server.url + f"/schools/{world.school.urn}/visits/new/")
    a11y_page.checked()
    a11y_page.click("button:has-text('Record the visit')")  # nothing filled in
    a11y_page.checked()
    assert a11y_page.title().startswith("Error: ")
    # By keyboard alone: the first radio of each question, the date, then submit with Enter.
    a11y_page.focus("#id_kind")
    a11y_page.keyboard.press("Space")
    day = datetime.date.today() - datetime.timedelta(days=1)
    for part, value in (("day", day.day), ("month", day.month), ("year", day.year)):
        a11y_page.focus(f"#id_visited_on-{part}")
        a11y_page.keyboard.type(str(value))
    a11y_page.focus("#id_judgement")
    a11y_page.keyboard.press("Space")
    a11y_page.focus("button:has-text('Record the visit')")
    with a11y_page.expect_navigation():
        a11y_page.keyboard.press("Enter")
    a11y_page.checked()
    assert "Visit recorded" in a11y_page.inner_text("main")


def test_a_dt_books_an_event_and_the_officer_takes_the_register(world, a11y_page, live_server):
    start = timezone.now() + datetime.timedelta(days=5)
    event = event_save(
        event=Event(
            la=world.la,
            kind="dt_network",
            title="Termly network",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            place="Council House",
            capacity=20,
        ),
        actor=SYSTEM,
    )
    _as(a11y_page, world, "designated_teacher", live_server.url)
    a11y_page.goto(live_server.url + "/events/")
    a11y_page.checked()
    a11y_page.click("button:has-text('Book a place')")
    a11y_page.checked()
    assert "You have a place" in a11y_page.inner_text("main")
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    a11y_page.context.clear_cookies()
    _as(a11y_page, world, "area_education_officer", live_server.url)
    a11y_page.goto(live_server.url + f"/events/{event.pk}/")
    a11y_page.checked()
    a11y_page.check("input[name=attended]")
    a11y_page.click("button:has-text('Save the register')")
    a11y_page.checked()
    assert "1 attended" in a11y_page.inner_text("main")
    for path in ["/events/new/", "/events/figures/"]:
        a11y_page.goto(live_server.url + path)
        a11y_page.checked()


def test_a_self_evaluation_is_completed_online(world, a11y_page, live_server):
    from self_evaluations.services import self_evaluation_start

    evaluation = self_evaluation_start(
        la=world.la, school=world.school, day=datetime.date.today(), actor=SYSTEM
    )
    _as(a11y_page, world, "designated_teacher", live_server.url)
    for path in [
        f"/self-evaluations/schools/{world.school.urn}/",
        f"/self-evaluations/{evaluation.pk}/",
    ]:
        a11y_page.goto(live_server.url + path)
        a11y_page.checked()
    a11y_page.click("button:has-text('Submit for review')")  # nothing rated
    a11y_page.checked()
    assert a11y_page.title().startswith("Error: ")
    for radio in a11y_page.locator("input[value=in_place]").all():
        radio.check()
    a11y_page.click("button:has-text('Submit for review')")
    a11y_page.checked()
    assert "Submitted for review" in a11y_page.inner_text("main")
