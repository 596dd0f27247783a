"""Enrichment and post-16 in the API: a partner's staff get only their activities' bookings and
only the register's minimal fields (the test lists every field); post-16 status is scoped as
the page is."""

import datetime

import pytest

from accounts.tests.factories import RoleAssignmentFactory, UserFactory
from api.tests.test_api import api as get
from api.tests.test_api import token_for
from conftest import _child
from core.actors import SYSTEM
from enrichment import services
from enrichment.models import Activity, Partner

pytestmark = pytest.mark.django_db
D = datetime.date
PARTNER_FIELDS = {
    "id",
    "status",
    "attended",
    "child_id",  # always null for a partner
    "first_name",
    "age",
    "needs",
    "emergency_contact",
    "photographs",
    "uses",
    "not_identifiable",
}


def _activity(world, **kw):
    values = {
        "la": world.la, "title": "Drumming", "category": "music", "starts_on": D(2026, 2, 14),
        "ends_on": D(2026, 2, 14), "place": "Town Hall", "where": "in_la", "capacity": 5,
        "groups": ["cla"],
    } | kw  # fmt: skip
    return services.activity_save(activity=Activity(**values), actor=SYSTEM)


def _book(activity, child):
    return services.booking_make(
        activity=activity, child=child, needs_shared="Uses a wheelchair",
        emergency_contact="Carer 07700 900000", actor=SYSTEM,
    )  # fmt: skip


def test_a_partner_gets_only_its_bookings_and_only_the_registers_fields(world, client):
    from accounts.services import api_token_create

    partner = Partner.objects.create(la=world.la, name="Arts Foundation")
    staff = UserFactory()
    RoleAssignmentFactory(user=staff, role="partner_staff", la=world.la)
    partner.staff.add(staff)
    theirs = _activity(world, partner=partner)
    other = _activity(world, title="Football", category="sport")
    _book(theirs, world.child)
    _book(other, world.unlinked_child)
    token = api_token_create(user=staff, name="t", lifetime=datetime.timedelta(days=1))
    listed = get(client, token, "/enrichment/activities").json()["items"]
    assert [a["title"] for a in listed] == ["Drumming"]
    response = get(client, token, f"/enrichment/activities/{theirs.pk}/bookings")
    [row] = response.json()
    assert set(row) == PARTNER_FIELDS and row["child_id"] is None
    assert row["first_name"] == world.child.forename and row["needs"] == "Uses a wheelchair"
    body = response.content.decode()
    assert world.child.surname not in body and world.child.la_child_id not in body
    assert get(client, token, f"/enrichment/activities/{other.pk}/bookings").status_code == 404
    assert get(client, token, "/post-16/status").status_code == 403
    vsh = token_for(world, "virtual_school_head")
    rows = get(client, vsh, f"/enrichment/activities/{theirs.pk}/bookings").json()
    assert rows[0]["child_id"] == world.child.pk


def test_post16_status_lists_the_advisors_caseload_neet_first(world, client):
    from django.utils import timezone

    today = timezone.localdate()
    advisor = world.users["education_support_advisor"]
    from children.roll.rules import school_year

    y12 = D(school_year(today) - 16, 6, 1)  # Year 12 now, and 16 or 17 all year
    neet = _child(world.la, world.school, surname="Aardvark", date_of_birth=y12)
    fine = _child(world.la, world.school, surname="Zebra", date_of_birth=y12)
    for child in (neet, fine):
        child.education_support_advisor = advisor
        child.save()
    services.post16_check_record(
        child=neet, month=today, actor=SYSTEM,
        data={"activity": "neet", "neet_reason": "seeking", "checked_on": today},
    )  # fmt: skip
    rows = get(client, token_for(world, "education_support_advisor"), "/post-16/status").json()
    assert [(r["child_id"], r["activity"], r["neet_reason"]) for r in rows["items"]] == [
        (neet.pk, "neet", "seeking"),
        (fine.pk, None, ""),
    ]
    refused = get(client, token_for(world, "carer"), "/post-16/status")
    assert refused.status_code == 403 and refused["Content-Type"] == "application/problem+json"
