"""End-to-end: a person signs in with MFA and reaches their home page; axe checks every page."""

import datetime

import pytest

from accounts.tests.factories import PASSWORD
from core.actors import SYSTEM
from core.tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_virtual_school_head_signs_in_with_mfa_and_reaches_home(world, a11y_page, live_server):
    vsh = world.users["virtual_school_head"]
    sign_in(
        a11y_page, live_server.url, vsh.email, PASSWORD, world.totp_secrets["virtual_school_head"]
    )
    assert a11y_page.url == live_server.url + "/"
    assert a11y_page.locator("h1").inner_text() == "Your work"
    assert "2 children on the roll today" in a11y_page.inner_text("main")  # LA 330, not 331

    a11y_page.click("a:has-text('View all children')")
    a11y_page.checked()
    a11y_page.click("a:has-text('Ada Lovelace')")
    a11y_page.checked()
    assert "Latest SDQ score" in a11y_page.content()
    a11y_page.click("a:has-text('Who has looked at this record')")
    a11y_page.checked()
    assert "Test Virtual School Head" in a11y_page.content()


def test_new_user_is_sent_to_mfa_enrolment_and_can_finish_it(world, a11y_page, live_server):
    from accounts.tests.factories import RoleAssignmentFactory, UserFactory
    from accounts.totp import totp_code_now

    user = UserFactory(email="new.starter@example.org")
    RoleAssignmentFactory(user=user, role="education_support_advisor", la=world.la)
    a11y_page.goto(live_server.url + "/accounts/login/")
    a11y_page.checked()
    a11y_page.fill("input[name=login]", user.email)
    a11y_page.fill("input[name=password]", PASSWORD)
    a11y_page.click("button[type=submit]:has-text('Sign in')")
    assert "/accounts/2fa/totp/activate/" in a11y_page.url
    a11y_page.checked()
    a11y_page.goto(live_server.url + "/children/")  # any page: still sent to enrolment
    assert "/accounts/2fa/totp/activate/" in a11y_page.url
    a11y_page.checked()
    secret = a11y_page.input_value("#authenticator_secret")
    a11y_page.fill("input[name=code]", totp_code_now(secret))
    a11y_page.click("button[type=submit]:has-text('Continue')")
    a11y_page.checked()
    a11y_page.goto(live_server.url + "/")
    a11y_page.checked()
    assert a11y_page.locator("h1").inner_text() == "Your work"


def test_administration_pages_are_accessible(world, a11y_page, live_server):
    vsh = world.users["virtual_school_head"]
    sign_in(
        a11y_page, live_server.url, vsh.email, PASSWORD, world.totp_secrets["virtual_school_head"]
    )
    for path in [
        "/users/",
        f"/users/{world.users['carer'].pk}/",
        "/account/",
        "/la/330/settings/",
        "/accounts/2fa/",
        "/accounts/sessions/",
        "/accounts/password/change/",
        "/accessibility/",
        "/help/",
        "/privacy/",
        "/cookies/",
        "/no-such-page/",
    ]:
        a11y_page.goto(live_server.url + path)
        a11y_page.checked()
    a11y_page.goto(live_server.url + "/users/invite/")
    a11y_page.checked()
    a11y_page.click("button:has-text('Send invitation')")  # nothing filled in
    a11y_page.checked()
    assert a11y_page.locator(".govuk-error-summary").is_visible()


def _data_quality_cases(world):
    """A return's flag and a placement at a replaced school, so the page shows both lists."""
    from children.models import ReturnFlag
    from schools.models import School, SchoolLink
    from schools.tests.factories import SchoolFactory

    ReturnFlag.objects.create(
        la=world.la, child=world.child, collection_year=2026, kind="overlap", rule="501",
        message="An episode starts 01/08/2025, before the one from 01/05/2025 ends",
    )  # fmt: skip
    School.objects.filter(pk=world.other_school.pk).update(status=School.Status.CLOSED)
    successor = SchoolFactory(la_code="331", name="Successor Academy")
    SchoolLink.objects.create(
        urn=world.other_school.urn, link_urn=successor.urn, link_type="Successor"
    )


def test_roll_pages_are_accessible(world, a11y_page, live_server):
    from notifications.models import SchoolNotification

    note = SchoolNotification.objects.create(
        child=world.child,
        school=world.school,
        recipient="headteacher",
        method="letter",
        recipient_name="Mrs Head",
        placement=world.child.education_placements.first(),
    )
    _data_quality_cases(world)
    vsh = world.users["virtual_school_head"]
    sign_in(
        a11y_page, live_server.url, vsh.email, PASSWORD, world.totp_secrets["virtual_school_head"]
    )
    for path in [
        f"/schools/{world.school.urn}/inspection/",
        "/children/",
        "/children/?key_stage=KS3&location=in&sort=dob",
        f"/children/{world.child.pk}/",
        f"/schools/{world.school.urn}/",
        "/children/data-quality/",
        "/children/caseloads/",
        "/imports/",
        f"/children/{world.child.pk}/notifications/{note.pk}/letter/",
        f"/children/{world.child.pk}/placements/new/",
    ]:
        a11y_page.goto(live_server.url + path)
        a11y_page.checked()
    a11y_page.goto(live_server.url + "/imports/")
    a11y_page.click("button:has-text('Start import')")  # nothing chosen
    a11y_page.checked()
    assert "Choose what you are importing" in a11y_page.inner_text(".govuk-error-summary")


def test_attendance_pages_are_accessible(world, a11y_page, live_server, tmp_path):
    import datetime

    from attendance.importers.marks import attendance_import
    from attendance.tests.helpers import marks_csv
    from authorities.terms import calendar_set_typical

    today = datetime.date.today()
    calendar_set_typical(la=world.la, years=[today.year - 1, today.year])
    days = [today - datetime.timedelta(days=i) for i in range(1, 40)]
    codes = ["/", "\\", "N", "I", "B", "#", "-", "C2", "E", "L"]
    rows = [
        (world.child.la_child_id, d.isoformat(), s, codes[(i + (s == "PM")) % len(codes)])
        for i, d in enumerate(days)
        for s in ("AM", "PM")
    ]
    assert attendance_import(path=marks_csv(tmp_path, rows), la=world.la, actor=SYSTEM).ok
    vsh = world.users["virtual_school_head"]
    sign_in(
        a11y_page, live_server.url, vsh.email, PASSWORD, world.totp_secrets["virtual_school_head"]
    )
    assert "Attendance and exclusion alerts" in a11y_page.content()
    for path in [
        f"/attendance/children/{world.child.pk}/",
        "/attendance/",
        "/attendance/?start=2025-10-10&end=2025-10-01",
        f"/attendance/children/{world.child.pk}/alerts/exclusion/{today.isoformat()}/action/",
    ]:
        a11y_page.goto(live_server.url + path)
        a11y_page.checked()
    a11y_page.goto(live_server.url + f"/attendance/children/{world.child.pk}/exclusions/new/")
    a11y_page.keyboard.press("Tab")
    a11y_page.click("button:has-text('Save')")
    a11y_page.checked()
    assert a11y_page.locator(".govuk-error-summary").is_visible()


def test_sen_pages_are_accessible(world, a11y_page, live_server):
    from sen.services import ehcp_assessment_save, sen_status_update

    sen_status_update(child=world.child, data={"level": "E", "primary_need": "ASD"}, actor=SYSTEM)
    ehcp_assessment_save(
        child=world.child, data={"requested_on": datetime.date(2025, 1, 6)}, actor=SYSTEM
    )
    vsh = world.users["virtual_school_head"]
    sign_in(
        a11y_page, live_server.url, vsh.email, PASSWORD, world.totp_secrets["virtual_school_head"]
    )
    base = f"/sen/children/{world.child.pk}/"
    for path in [base, base + "ehcp/new/", base + "sdq/new/"]:
        a11y_page.goto(live_server.url + path)
        a11y_page.checked()
    a11y_page.goto(live_server.url + base + "status/")
    a11y_page.checked()
    a11y_page.check("input[name=level][value=K]")
    a11y_page.select_option("select[name=primary_need]", "")
    a11y_page.click("button:has-text('Save')")
    a11y_page.checked()
    assert a11y_page.locator(".govuk-error-summary").is_visible()
