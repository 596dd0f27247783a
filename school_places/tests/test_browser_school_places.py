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


def test_the_search_the_letters_and_the_register_by_keyboard(world, a11y_page, live_server):
    import datetime

    from core.actors import SYSTEM
    from school_places import services
    from school_places.models import Postcode
    from schools.tests.factories import SchoolFactory

    D = datetime.date
    Postcode.objects.create(postcode="B11AA", easting=406000, northing=286000)
    SchoolFactory(name="Near Academy", easting=406500, northing=286000, ofsted_rating="Good")
    case = services.case_open(
        child=world.child,
        source="officer",
        data={"reason": "Moved"},
        day=D(2026, 5, 1),
        actor=SYSTEM,
    )
    refused = services.application_add(
        case=case,
        school=world.school,
        sent_on=D(2026, 5, 1),
        round="normal",
        choice_reason="x",
        actor=SYSTEM,
    )
    services.application_decide(
        application=refused, decision="refused", day=D(2026, 5, 5), reason="Full", actor=SYSTEM
    )
    escalation = services.escalation_start(application=refused, day=D(2026, 5, 6), actor=SYSTEM)
    services.package_add(
        child=world.child,
        actor=SYSTEM,
        data={
            "kind": "part_time",
            "provider": "school",
            "provider_name": "Oak Park",
            "provider_urn": world.school.urn,
            "hours_a_week": 12,
            "payer": "school",
            "starts_on": D(2026, 4, 20),
        },
    )
    spo = world.users["school_placement_officer"]
    sign_in(
        a11y_page,
        live_server.url,
        spo.email,
        PASSWORD,
        world.totp_secrets["school_placement_officer"],
    )
    a11y_page.goto(live_server.url + f"/school-places/search/?case={case.pk}")
    a11y_page.checked()
    a11y_page.focus("#id_postcode")
    a11y_page.keyboard.type("B1 1AA")
    a11y_page.focus("button:has-text('Search')")
    with a11y_page.expect_navigation():
        a11y_page.keyboard.press("Enter")
    a11y_page.checked()
    assert "Near Academy" in a11y_page.content() and "0.5 km away" in a11y_page.content()
    a11y_page.click("a:has-text('Record an application')")
    a11y_page.checked()
    assert a11y_page.input_value("#id_apply_urn") != ""
    letter = f"/school-places/{case.pk}/escalations/{escalation.pk}/sos_request.pdf"
    answer = a11y_page.context.request.get(live_server.url + letter)
    assert answer.status == 200 and answer.body().startswith(b"%PDF")
    for path in [
        "/school-places/letters/",
        f"/school-places/letters/{world.la.pk}/notice/",
        "/school-places/packages/?alerts=1",
        "/school-places/ehcp-transfers/",
        "/local-authorities/?q=Coventry",
    ]:
        a11y_page.goto(live_server.url + path)
        a11y_page.checked()
    a11y_page.goto(live_server.url + f"/school-places/letters/{world.la.pk}/notice/")
    a11y_page.fill("#id_body", "Dear $head_teacher")
    a11y_page.click("button:has-text('Save the wording')")
    a11y_page.checked()
    assert a11y_page.title().startswith("Error: ") and "$head_teacher" in a11y_page.content()
