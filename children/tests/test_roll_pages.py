"""The roll page, child record, school page, data quality, caseloads and the no-place alert."""

import datetime

import pytest

from accounts.roles import Role
from accounts.tests.factories import RoleAssignmentFactory, UserFactory, enrol_totp
from audit.models import AccessLog
from children.models import Child, EducationPlacement
from children.tests.factories import CareEpisodeFactory, ChildFactory, EducationPlacementFactory
from notifications.models import SchoolNotification
from schools.models import School

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def roll_ids(response):
    return [e.child.la_child_id for e in response.context["entries"]]


def test_roll_shows_children_on_the_roll_with_their_setting(world, signed_in):
    response = signed_in(world.users[Role.VIRTUAL_SCHOOL_HEAD]).get("/children/")
    assert sorted(roll_ids(response)) == sorted(
        [world.child.la_child_id, world.unlinked_child.la_child_id]
    )
    page = response.content.decode()
    assert world.school.name in page and "(out of LA)" in page  # unlinked child is at a 331 school


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ("location=in", ["child"]),
        ("location=out", ["unlinked_child"]),
        ("q=Lovelace", ["child"]),
        ("legal_status=C2", ["child", "unlinked_child"]),
        ("legal_status=V2", []),
        ("uasc=yes", []),
    ],
)
def test_roll_filters(world, signed_in, params, expected):
    response = signed_in(world.users[Role.VIRTUAL_SCHOOL_HEAD]).get(f"/children/?{params}")
    assert sorted(roll_ids(response)) == sorted(getattr(world, n).la_child_id for n in expected)


def test_year_group_and_key_stage_filters(world, signed_in):
    client = signed_in(world.users[Role.VIRTUAL_SCHOOL_HEAD])
    young = ChildFactory(la=world.la, date_of_birth=TODAY.replace(year=TODAY.year - 6))
    CareEpisodeFactory(child=young)
    from children.roll.rules import key_stage, nc_year

    year = nc_year(young.date_of_birth, TODAY)
    assert roll_ids(client.get(f"/children/?year={year}")) == [young.la_child_id]
    assert young.la_child_id in roll_ids(client.get(f"/children/?key_stage={key_stage(year)}"))
    assert young.la_child_id not in roll_ids(client.get("/children/?key_stage=KS4"))


def test_roll_sorts_and_exports_with_an_access_log_entry(world, signed_in):
    client = signed_in(world.users[Role.VIRTUAL_SCHOOL_HEAD])
    ids = roll_ids(client.get("/children/?sort=-id"))
    assert ids == sorted(ids, reverse=True)
    response = client.get("/children/?location=in&export=csv")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("child_id,upn,upn_valid") and len(lines) == 2
    assert AccessLog.objects.filter(action="export", object_type="roll").count() == 1
    # The marking in the file name; the plain CSV has no byte-order mark, the Excel one has.
    assert "-OFFICIAL-SENSITIVE.csv" in response["Content-Disposition"]
    assert not response.content.startswith(b"\xef\xbb\xbf")
    excel = client.get("/children/?location=in&export=csv-excel")
    assert excel.content.startswith(b"\xef\xbb\xbf" + lines[0].encode())
    assert excel.content[3:] == response.content
    assert "-OFFICIAL-SENSITIVE.csv" in excel["Content-Disposition"]
    xlsx = client.get("/children/?location=in&export=xlsx")
    assert xlsx["Content-Disposition"].endswith('-OFFICIAL-SENSITIVE.xlsx"')


def test_roll_page_queries_do_not_grow_with_page_size(
    world, signed_in, django_assert_max_num_queries
):
    client = signed_in(world.users[Role.VIRTUAL_SCHOOL_HEAD])
    client.get("/children/")
    for _ in range(30):
        child = ChildFactory(la=world.la)
        CareEpisodeFactory(child=child)
        EducationPlacementFactory(child=child, school=world.school)
    with django_assert_max_num_queries(20) as few:
        client.get("/children/")
    assert len(few.captured_queries) <= 20


def test_child_record_timeline_flags_and_people(world, signed_in):
    EducationPlacementFactory(
        child=world.child,
        school=world.other_school,
        started_on=datetime.date(2023, 9, 1),
        ended_on=datetime.date(2024, 7, 20),
        end_reason="planned",
    )
    page = (
        signed_in(world.users[Role.VIRTUAL_SCHOOL_HEAD])
        .get(f"/children/{world.child.pk}/")
        .content.decode()
    )
    assert "Care history" in page and "Legal status: Full care order (C2)" in page
    assert world.other_school.name in page and "planned move" in page
    assert world.users[Role.DESIGNATED_TEACHER].email in page  # the school's DT
    assert world.users[Role.SOCIAL_WORKER].email in page


def test_school_page_lists_only_visible_children(world, signed_in):
    dt_page = (
        signed_in(world.users[Role.DESIGNATED_TEACHER])
        .get(f"/schools/{world.school.urn}/")
        .content.decode()
    )
    assert world.child.forename in dt_page and world.other_la_child.forename in dt_page
    sw_page = (
        signed_in(world.users[Role.SOCIAL_WORKER])
        .get(f"/schools/{world.school.urn}/")
        .content.decode()
    )
    assert world.child.forename in sw_page and world.other_la_child.forename not in sw_page


def test_data_quality_lists(world, signed_in):
    world.unlinked_child.upn, world.unlinked_child.upn_valid = "A123", False
    world.unlinked_child.save()
    world.other_school.status = School.Status.CLOSED
    world.other_school.save()
    EducationPlacement.objects.filter(child=world.child).update(school=None, urn=999111)
    client = signed_in(world.users[Role.DATA_OFFICER])
    summary = client.get("/children/data-quality/")
    counts = {key: count for key, _, count in summary.context["checks"]}
    assert (counts["upn"], counts["closed"], counts["unknown_urn"]) == (1, 1, 1)

    def rows(key):
        return client.get(f"/children/data-quality/{key}/").context["rows"]

    # Each row names the child and says what is wrong and what to do, with a link to do it.
    (upn,) = rows("upn")
    assert (upn.child_pk, upn.name) == (world.unlinked_child.pk, world.unlinked_child.display_name)
    assert "UPN A123" in upn.detail and upn.fix_href == f"/children/{upn.child_pk}/"
    (closed,) = rows("closed")
    assert closed.child_pk == world.unlinked_child.pk and world.other_school.name in closed.detail
    assert closed.fix_href == f"/children/{closed.child_pk}/placements/new/"
    (unknown,) = rows("unknown_urn")
    assert "URN 999111" in unknown.detail and unknown.child_pk == world.child.pk
    assert client.get("/children/data-quality/nonsense/").status_code == 404


def test_the_no_place_list_names_the_rule_s_children_longest_wait_first(world, signed_in):
    """The data officer's list is the no-school-place rule's (children.alerts), read from what
    is kept: after each placement ends, it names exactly the children the rule names, in the
    rule's order (longest wait first), and the summary counts them."""
    from children.alerts import no_school_place_alerts

    officer = world.users[Role.DATA_OFFICER]
    client = signed_in(officer)

    def listed():
        rows = client.get("/children/data-quality/no_place/").context["rows"]
        summary = client.get("/children/data-quality/").context["checks"]
        assert {key: n for key, _, n in summary}["no_place"] == len(rows)
        return [r.child_pk for r in rows]

    def by_the_rule():
        visible = Child.objects.visible_to(officer)
        return [a.child.pk for a in no_school_place_alerts(visible, TODAY)]

    assert listed() == by_the_rule()
    for child, days in ((world.unlinked_child, 10), (world.child, 60)):
        for placement in child.education_placements.all():  # saved: as an edit changes it
            placement.ended_on = TODAY - datetime.timedelta(days=days)
            placement.save()
        assert listed() == by_the_rule()
    assert listed() == [world.child.pk, world.unlinked_child.pk]
    row = client.get("/children/data-quality/no_place/").context["rows"][0]
    assert "school days (since" in row.detail


def test_no_school_place_alert_for_vsh_and_the_childs_advisor(world, signed_in):
    world.child.education_placements.update(ended_on=TODAY - datetime.timedelta(days=60))
    advisor = world.users[Role.EDUCATION_SUPPORT_ADVISOR]
    world.child.education_support_advisor = advisor
    world.child.save()
    for role in (
        Role.VIRTUAL_SCHOOL_HEAD,
        Role.SCHOOL_PLACEMENT_OFFICER,
        Role.EDUCATION_SUPPORT_ADVISOR,
    ):
        sections = signed_in(world.users[role]).get("/").context["sections"]
        alerts = next(s for s in sections if s.title == "Children without a school place").alerts
        assert [a.child for a in alerts] == [world.child], role
        assert alerts[0].overdue and alerts[0].school_days > 20
        # The full list says the same, with the next step for each child.
        listed = signed_in(world.users[role]).get("/children/no-school-place/")
        assert [a.child for a in listed.context["page"]] == [world.child], role
        assert f"/children/{world.child.pk}/placements/new/" in listed.content.decode()
    other_advisor = UserFactory()
    RoleAssignmentFactory(user=other_advisor, role=Role.EDUCATION_SUPPORT_ADVISOR, la=world.la)
    enrol_totp(other_advisor)
    sections = signed_in(other_advisor).get("/").context["sections"]
    assert not next(s for s in sections if s.title == "Children without a school place").alerts
    assert not list(signed_in(other_advisor).get("/children/no-school-place/").context["page"])


def test_class_list_is_the_advisors_home(world, signed_in):
    advisor = world.users[Role.EDUCATION_SUPPORT_ADVISOR]
    world.unlinked_child.education_support_advisor = advisor
    world.unlinked_child.save()
    sections = signed_in(advisor).get("/").context["sections"]
    class_list = next(s for s in sections if s.title == "Your class list")
    assert [e.child for e in class_list.entries] == [world.unlinked_child]


def test_team_manager_moves_children_between_advisors(world, signed_in):
    advisor = world.users[Role.EDUCATION_SUPPORT_ADVISOR]
    client = signed_in(world.users[Role.TEAM_MANAGER])
    client.post(
        "/children/caseloads/",
        {"child": [world.child.pk, world.unlinked_child.pk], "advisor": advisor.pk},
    )
    assert set(advisor.caseload.all()) == {world.child, world.unlinked_child}
    world.child.refresh_from_db()
    assert world.child.history.first().history_user == world.users[Role.TEAM_MANAGER]
    client.post("/children/caseloads/", {"child": [world.other_la_child.pk], "advisor": advisor.pk})
    assert world.other_la_child not in advisor.caseload.all()  # not this LA's child


def test_headteacher_letter_prints_for_staff_only(world, signed_in):
    note = SchoolNotification.objects.create(
        child=world.child,
        school=world.school,
        recipient="headteacher",
        method="letter",
        recipient_name="Mrs Head",
        placement=world.child.education_placements.first(),
    )
    url = f"/children/{world.child.pk}/notifications/{note.pk}/letter/"
    page = signed_in(world.users[Role.VIRTUAL_SCHOOL_HEAD]).get(url).content.decode()
    assert "Dear Mrs Head" in page and world.child.surname in page
    assert signed_in(world.users[Role.CARER]).get(url).status_code == 403


def test_cohort_counts(world, signed_in):
    cohort = (
        signed_in(world.users[Role.VIRTUAL_SCHOOL_HEAD]).get("/children/cohort/").context["cohort"]
    )
    assert cohort.total == 2
    assert dict(cohort.location_rows) == {"In the LA": 1, "Out of the LA": 1}
    assert sum(n for _, n in cohort.time_rows) == 2
    assert sum(n for _, n in cohort.key_stage_rows) == 2


def test_no_place_alerts_read_term_dates_once_per_la(world, django_assert_max_num_queries):
    from children.alerts import no_school_place_alerts
    from children.models import Child

    for _ in range(10):
        CareEpisodeFactory(child=ChildFactory(la=world.la))
    with django_assert_max_num_queries(6):
        alerts = no_school_place_alerts(Child.objects.filter(la=world.la), TODAY)
    assert len(alerts) == 10
