"""Areas, the designated teacher register and visits: the Area Education Officer's work."""

import datetime

import pytest

from authorities.terms import calendar_set_typical
from core.actors import SYSTEM
from schools.areas import area_save, area_schools_set, designated_teacher_save, dt_status
from schools.models import Area, DesignatedTeacher
from visits.models import SchoolAction, SchoolVisit
from visits.rules import next_visit_due

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def north(world):
    calendar_set_typical(la=world.la, years=[TODAY.year - 1, TODAY.year])
    area = area_save(
        area=Area(la=world.la, name="North"),
        officers=[world.users["area_education_officer"]],
        actor=SYSTEM,
    )
    area_schools_set(area=area, schools=[world.school, world.other_school], actor=SYSTEM)
    return area


def test_the_vsh_makes_an_area_and_only_an_aeo_can_be_its_officer(world, signed_in):
    client = signed_in(world.users["virtual_school_head"])
    aeo = world.users["area_education_officer"]
    page = client.post("/schools/areas/", {"name": "South", "officers": [str(aeo.pk)]})
    area = Area.objects.get(name="South")
    assert page.status_code == 302 and list(area.officers.all()) == [aeo]
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        area_save(area=area, officers=[world.users["social_worker"]], actor=SYSTEM)
    # The schools with our children in no area are offered; adding one takes it out of the list.
    listed = client.get(f"/schools/areas/{area.pk}/").context["candidates"]
    assert set(listed) == {world.school, world.other_school}
    client.post(f"/schools/areas/{area.pk}/", {"action": "add", "school": [world.school.urn]})
    assert list(client.get(f"/schools/areas/{area.pk}/").context["candidates"]) == [
        world.other_school
    ]


def test_the_aeos_home_lists_their_schools_with_counts_from_the_roll(world, signed_in, north):
    """Our children on roll per school, counted independently: placements open today of
    children looked after today (the world's children are all of school age)."""
    sections = {
        s.title: s
        for s in signed_in(world.users["area_education_officer"]).get("/").context["sections"]
    }
    rows = {r.school: r for r in sections["Your schools"].schools}
    assert set(rows) == {world.school, world.other_school}
    assert (rows[world.school].ours, rows[world.school].others) == (1, 1)  # Ada; Cara is 331's
    assert (rows[world.other_school].ours, rows[world.other_school].others) == (1, 0)
    # Nobody recorded as designated teacher, never visited: flagged, and due this term.
    assert "No designated teacher recorded" in rows[world.school].flags
    assert rows[world.school].next_visit_due is not None
    # An officer of no area sees none of them; a school's children are counted for our LA only.
    from accounts.tests.factories import RoleAssignmentFactory, UserFactory
    from core.home import home_sections

    stranger = UserFactory()
    RoleAssignmentFactory(user=stranger, role="area_education_officer", la=world.la)
    mine = {s.title: s for s in home_sections(stranger)}["Your schools"]
    assert not mine.schools and "ask your Virtual School Head" in mine.empty_text


def test_a_dt_keeps_their_own_entry_and_not_another_schools(world, signed_in):
    dt = signed_in(world.users["designated_teacher"])
    data = {
        "name": "Dana Teach",
        "email": "dana@oak.example",
        "telephone": "0121 000",
        "started_on-day": "1",
        "started_on-month": "9",
        "started_on-year": "2024",
        "qualified_teacher": "true",
        "trained_on-day": "",
        "trained_on-month": "",
        "trained_on-year": "",
    }
    assert dt.post(f"/schools/{world.school.urn}/designated-teacher/", data).status_code == 302
    entry = DesignatedTeacher.objects.get(school=world.school, ended_on__isnull=True)
    assert entry.name == "Dana Teach" and dt_status(entry, 2, TODAY) == "untrained"
    url = f"/schools/{world.other_school.urn}/designated-teacher/"
    assert dt.get(url).status_code == 403 and dt.post(url, data).status_code == 403
    # Someone new takes over: the register keeps the previous entry, closed.
    designated_teacher_save(
        school=world.school,
        actor=SYSTEM,
        data={
            "name": "Eve New",
            "email": "",
            "telephone": "",
            "started_on": datetime.date(2025, 9, 1),
            "qualified_teacher": True,
            "trained_on": TODAY - datetime.timedelta(days=800),
        },
    )
    entries = list(DesignatedTeacher.objects.filter(school=world.school).order_by("started_on"))
    assert [(e.name, e.ended_on) for e in entries] == [
        ("Dana Teach", datetime.date(2025, 9, 1)),
        ("Eve New", None),
    ]
    assert dt_status(entries[1], 2, TODAY) == "lapsed" and dt_status(entries[1], 3, TODAY) == (
        "trained"
    )


def test_an_aeo_records_a_visit_with_a_child_and_an_action_that_stays_until_done(
    world, signed_in, north
):
    aeo = world.users["area_education_officer"]
    client = signed_in(aeo)
    url = f"/schools/{world.school.urn}/visits/new/"
    form = client.get(url).context["form"]
    # Only the children at the school the officer may see: ours and Coventry's are both at Oak
    # Park, but an AEO of 330 sees 330's children only.
    assert set(form.child_objects.values()) == {world.child}
    day = TODAY - datetime.timedelta(days=1)
    data = {
        "kind": "monitoring",
        "visited_on-day": day.day,
        "visited_on-month": day.month,
        "visited_on-year": day.year,
        "judgement": "amber",
        "children": [str(world.child.pk)],
        "people_met": "Dana Teach, DT",
        "notes": "PEP targets vague",
        "action-0-what": "Rewrite the PEP targets",
        "action-0-owner": str(aeo.pk),
        "action-0-due_on-day": "1",
        "action-0-due_on-month": "1",
        "action-0-due_on-year": str(TODAY.year + 1),
        "action-1-what": "Book DT training",
        "action-1-owner_name": "",
    }
    refused = client.post(url, data)  # the second action has no owner and no date
    assert refused.status_code == 200 and "<title>Error: " in refused.content.decode()
    assert not SchoolVisit.objects.exists()
    data["action-1-what"] = ""
    assert client.post(url, data).status_code == 302
    visit = SchoolVisit.objects.get()
    assert list(visit.children.all()) == [world.child] and visit.judgement == "amber"
    action = SchoolAction.objects.get()
    home = {s.title: s for s in client.get("/").context["sections"]}
    assert home["Your actions for schools"].actions == [action]
    row = next(r for r in home["Your schools"].schools if r.school == world.school)
    assert (row.last_visit, row.open_actions) == (day, 1)
    client.post(f"/schools/actions/{action.pk}/done/")
    action.refresh_from_db()
    assert action.done_on == TODAY
    assert not {s.title: s for s in client.get("/").context["sections"]}[
        "Your actions for schools"
    ].actions


def test_a_visit_falls_due_once_a_term(world):
    calendar_set_typical(la=world.la, years=[2025, 2026])
    la = world.la
    autumn_day = datetime.date(2025, 10, 15)
    autumn_end = next_visit_due(la, None, autumn_day)
    assert autumn_end.month == 12  # never visited: by the end of this term
    assert next_visit_due(la, datetime.date(2025, 7, 1), autumn_day) == autumn_end
    spring_end = next_visit_due(la, datetime.date(2025, 10, 1), autumn_day)
    assert spring_end.year == 2026 and spring_end.month in (3, 4)  # visited: by next term's end
    la.school_visit_cadence = "year"
    assert next_visit_due(la, None, autumn_day).month == 7
    assert next_visit_due(la, datetime.date(2025, 10, 1), autumn_day).year == 2027


def test_the_vsh_is_told_of_schools_without_a_trained_dt(world, signed_in):
    from core.home import home_sections

    sections = {s.title: s for s in home_sections(world.users["virtual_school_head"])}
    flagged = {r.school: r.flags for r in sections["Schools to follow up"].schools}
    assert "No designated teacher recorded" in flagged[world.school]
    DesignatedTeacher.objects.create(
        school=world.school, name="Dana", started_on=TODAY, trained_on=TODAY
    )
    calendar_set_typical(la=world.la, years=[TODAY.year - 1, TODAY.year])
    from visits.models import SchoolVisit

    SchoolVisit.objects.create(
        la=world.la, school=world.school, kind="monitoring", visited_on=TODAY, judgement="green"
    )
    sections = {s.title: s for s in home_sections(world.users["virtual_school_head"])}
    assert world.school not in {r.school for r in sections["Schools to follow up"].schools}


def test_the_dashboard_counts_schools_without_a_trained_dt(world):
    from reports.dashboard import _designated_teacher_figures

    schools = {world.school.pk, world.other_school.pk}
    DesignatedTeacher.objects.create(
        school=world.school,
        name="Dana",
        started_on=TODAY,
        trained_on=TODAY - datetime.timedelta(days=3 * 365),
    )
    none, untrained = _designated_teacher_figures(world.la, schools, TODAY)
    assert (none.count, untrained.count, none.of) == (1, 1, 2)
    assert none.count_text(5) == "1"  # schools, not children: never suppressed


def test_a_schools_alerts_are_its_childrens_kept_alerts(world, north):
    """Alerts counted per school from the kept alerts of the children at it today."""
    from attendance.services import exclusion_record
    from schools.figures import school_rows

    exclusion_record(
        child=world.child,
        kind="suspension",
        starts_on=TODAY,
        sessions=2,
        reasons=["PA"],
        actor=SYSTEM,
    )
    rows = {r.school: r for r in school_rows(world.la, [world.school, world.other_school], TODAY)}
    assert (rows[world.school].alerts, rows[world.other_school].alerts) == (1, 0)


def _row_facts(rows) -> list[tuple]:
    return [(r.school.pk, r.area, r.ours, r.others, r.peps_due, r.peps_overdue, r.alerts,
             r.pp_plus, r.dt_status, r.last_visit, r.next_visit_due, r.open_actions,
             r.self_evaluation, r.flags) for r in rows]  # fmt: skip


def test_the_kept_school_rows_equal_a_fresh_build_after_each_kind_of_change(world, north):
    """The LA's school rows (the VSH's and team managers' "schools to follow up") are kept
    whole until a fact they read changes: each kind of change below alters them, and the kept
    rows then equal rows worked out afresh."""
    from attendance.services import exclusion_record
    from schools.figures import la_school_rows, school_rows
    from schools.selectors import schools_with_our_children
    from self_evaluations.models import Answer, Criterion, SelfEvaluation

    la, school = world.la, world.school

    def agree() -> list[tuple]:
        la.refresh_from_db()
        kept = _row_facts(la_school_rows(la, TODAY))
        areas = {s.pk: "North" for s in (world.school, world.other_school)}
        fresh = school_rows(la, list(schools_with_our_children(la, TODAY)), TODAY, areas)
        assert kept == _row_facts(fresh)
        return kept

    seen = [agree()]

    def changed() -> None:
        seen.append(agree())
        assert seen[-1] != seen[-2]

    entry = DesignatedTeacher.objects.create(school=school, name="Dana", started_on=TODAY)
    changed()
    entry.trained_on = TODAY - datetime.timedelta(days=400)
    entry.save()
    changed()
    la.dt_refresher_years = 1
    la.save()
    changed()
    SchoolVisit.objects.create(la=la, school=school, kind="monitoring", visited_on=TODAY,
                               judgement="green")  # fmt: skip
    changed()
    action = SchoolAction.objects.create(la=la, school=school, what="Book training",
                                         owner_name="Dana", due_on=TODAY)  # fmt: skip
    changed()
    action.done_on = TODAY
    action.save()
    changed()
    criterion = Criterion.objects.create(la=la, position=1, text="A DT in post")
    evaluation = SelfEvaluation.objects.create(la=la, school=school, started_on=TODAY,
                                               status="reviewed", reviewed_on=TODAY)  # fmt: skip
    changed()
    Answer.objects.create(evaluation=evaluation, criterion=criterion, rating="in_place")
    changed()
    Area.objects.filter(pk=north.pk).get().schools.get(school=world.other_school).delete()
    north.name = "North and East"
    north.save()
    seen.append(_row_facts(la_school_rows(la, TODAY)))
    assert {r[1] for r in seen[-1]} == {"North and East", "No area"}
    exclusion_record(child=world.child, kind="suspension", starts_on=TODAY, sessions=2,
                     reasons=["PA"], actor=SYSTEM)  # fmt: skip
    assert next(r for r in la_school_rows(la, TODAY) if r.school == school).alerts == 1
    world.unlinked_child.education_placements.update(ended_on=TODAY - datetime.timedelta(days=9))
    world.unlinked_child.education_placements.first().save()  # a placement saved on its own
    assert world.other_school not in {r.school for r in la_school_rows(la, TODAY)}


def test_the_kept_school_rows_follow_another_las_children(world):
    """A school's row counts other LAs' children there too: a change to one of theirs (their
    LA's facts, not ours) reaches our kept rows."""
    from schools.figures import la_school_rows

    def others() -> int:
        return next(r for r in la_school_rows(world.la, TODAY) if r.school == world.school).others

    assert others() == 1
    placement = world.other_la_child.education_placements.get(school=world.school)
    placement.ended_on = TODAY - datetime.timedelta(days=1)
    placement.save()
    assert others() == 0
