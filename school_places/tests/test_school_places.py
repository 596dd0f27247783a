"""School place casework: the admissions clocks by the LA's calendar (worked out here from the
Code's wording and GOV.UK's list of bank holidays, not from our calendar code), a social
worker's referral reaching the officers, and who sees which case."""

import datetime

import pytest

from authorities.models import ClosureDay, Term
from core.actors import SYSTEM
from school_places.models import Application, Case
from school_places.rules import in_year_decision_due, school_days_open
from school_places.services import application_add, case_open

pytestmark = pytest.mark.django_db
D = datetime.date
# England and Wales bank holidays in 2026 (GOV.UK, bank-holidays.json).
BANK_HOLIDAYS_2026 = {
    D(2026, 1, 1),
    D(2026, 4, 3),
    D(2026, 4, 6),
    D(2026, 5, 4),
    D(2026, 5, 25),
    D(2026, 8, 31),
    D(2026, 12, 25),
    D(2026, 12, 28),
}
HALF_TERM = [D(2026, 5, 25) + datetime.timedelta(days=i) for i in range(5)]


@pytest.fixture
def summer(world):
    Term.objects.create(
        la=world.la,
        academic_year=2025,
        name="summer",
        starts_on=D(2026, 4, 20),
        ends_on=D(2026, 7, 22),
    )
    for day in HALF_TERM:
        ClosureDay.objects.get_or_create(la=world.la, date=day, description="Half-term")
    return world.la


def _school_day(day) -> bool:
    in_term = D(2026, 4, 20) <= day <= D(2026, 7, 22)
    return (
        in_term and day.weekday() < 5 and day not in BANK_HOLIDAYS_2026 and (day not in HALF_TERM)
    )


def _fifteenth_after(sent):
    day, seen = sent, 0
    while seen < 15:
        day += datetime.timedelta(days=1)
        seen += _school_day(day)
    return day


@pytest.mark.parametrize("sent", [D(2026, 4, 30), D(2026, 5, 11), D(2026, 5, 22), D(2026, 7, 10)])
def test_an_in_year_decision_falls_due_15_school_days_after_applying(summer, sent):
    if sent == D(2026, 7, 10):  # past the end of the summer term: into the next term
        Term.objects.create(
            la=summer,
            academic_year=2026,
            name="autumn",
            starts_on=D(2026, 9, 3),
            ends_on=D(2026, 12, 18),
        )
        # 13-17 and 20-22 July (8), then 3, 4 and 7-11 September (15).
        assert in_year_decision_due(summer, sent) == D(2026, 9, 11)
        return
    assert in_year_decision_due(summer, sent) == _fifteenth_after(sent)
    assert in_year_decision_due(summer, D(2026, 5, 11)) == D(2026, 6, 8)  # across half-term


def test_a_case_counts_its_age_in_school_days(summer):
    opened, today = D(2026, 5, 20), D(2026, 6, 3)
    expected = sum(_school_day(opened + datetime.timedelta(days=i)) for i in range(1, 15))
    assert school_days_open(summer, opened, today) == expected == 5  # 21-22 May, 1-3 June


def test_a_social_workers_referral_reaches_the_officer_and_stays_theirs(world, signed_in):
    sw = signed_in(world.users["social_worker"])
    url = f"/school-places/refer/{world.child.pk}/"
    refused = sw.post(url, {"reason": ""})
    assert refused.status_code == 200 and "<title>Error: " in refused.content.decode()
    assert (
        sw.post(
            url, {"reason": "Moved to a new foster home", "child_views": "Near Sam"}
        ).status_code
        == 302
    )
    case = Case.objects.get()
    assert (case.source, case.referred_by) == ("referral", world.users["social_worker"])
    assert sw.get(f"/school-places/{case.pk}/").status_code == 200
    assert (
        sw.post(f"/school-places/{case.pk}/", {"do": "close", "outcome": "other"}).status_code
        == 403
    )  # they read it; officers work it
    officer = signed_in(world.users["school_placement_officer"])
    listed = officer.get("/school-places/").context["rows"]
    assert [r.case for r in listed] == [case]
    # Not the social worker's child, not their case; another LA's officer does not find it.
    other = case_open(
        child=world.unlinked_child,
        source="officer",
        data={"reason": "Gap"},
        day=D(2026, 1, 5),
        actor=SYSTEM,
    )
    sw = signed_in(world.users["social_worker"])
    assert sw.get(f"/school-places/{other.pk}/").status_code == 404
    assert [r.case for r in sw.get("/school-places/").context["rows"]] == [case]
    from accounts.tests.factories import RoleAssignmentFactory, UserFactory, enrol_totp

    elsewhere = UserFactory()
    RoleAssignmentFactory(user=elsewhere, role="school_placement_officer", la=world.other_la)
    enrol_totp(elsewhere)
    assert signed_in(elsewhere).get(f"/school-places/{case.pk}/").status_code == 404


def test_a_school_outside_the_guidance_needs_a_reason(world, summer):
    from django.core.exceptions import ValidationError

    world.school.ofsted_rating = "Requires improvement"
    world.school.save()
    case = case_open(
        child=world.child, source="officer", data={"reason": "Gap"}, day=D(2026, 5, 1), actor=SYSTEM
    )
    with pytest.raises(ValidationError):
        application_add(
            case=case,
            school=world.school,
            sent_on=D(2026, 5, 11),
            round="in_year",
            choice_reason="",
            actor=SYSTEM,
        )
    application = application_add(
        case=case,
        school=world.school,
        sent_on=D(2026, 5, 11),
        round="in_year",
        choice_reason="Her siblings attend",
        actor=SYSTEM,
    )
    assert application.decision_due == D(2026, 6, 8) and application.round == "in_year"
    case.refresh_from_db()
    assert case.step == Case.Step.APPLICATIONS
    assert Application.objects.get().admission_authority


def test_the_report_lists_children_without_a_place_or_with_an_open_case(world, tmp_path):
    import csv

    from django.core.management import call_command

    from children.models import EducationPlacement

    today = datetime.date.today()
    EducationPlacement.objects.filter(child=world.unlinked_child).update(
        ended_on=today - datetime.timedelta(days=40)
    )
    case_open(
        child=world.child,
        source="officer",
        data={"reason": "Moving"},
        day=today - datetime.timedelta(days=3),
        actor=SYSTEM,
    )
    out = tmp_path / "places.csv"
    call_command(
        "school_place_report", "--la", "330", "--on", today.isoformat(), "--output", str(out)
    )
    rows = {r["child_id"]: r for r in csv.DictReader(out.open())}
    assert set(rows) == {world.child.la_child_id, world.unlinked_child.la_child_id}
    waiting = rows[world.unlinked_child.la_child_id]
    assert waiting["without_place_since"] and int(waiting["school_days_without_place"]) > 0
    assert waiting["case_status"] == ""
    assert rows[world.child.la_child_id]["case_status"] == "Referral"


def _independent_school_days(ended, day):
    """School days after `ended` up to and including `day`, by this file's own calendar."""
    count, d = 0, ended + datetime.timedelta(days=1)
    while d <= day:
        count += _school_day(d)
        d += datetime.timedelta(days=1)
    return count


@pytest.mark.django_db
def test_school_days_without_place_counts_the_las_school_days_across_holidays(world, summer):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from children.models import EducationPlacement
    from school_places.report import school_place_rows

    placement = EducationPlacement.objects.filter(child=world.unlinked_child).first()
    start = D(2026, 3, 30)

    @settings(
        max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(st.integers(0, 100), st.integers(1, 60))
    def check(offset, gap):
        ended = start + datetime.timedelta(days=offset)
        day = ended + datetime.timedelta(days=gap)
        EducationPlacement.objects.filter(pk=placement.pk).update(
            ended_on=ended, started_on=min(placement.started_on, ended)
        )
        rows = {r[0]: r for r in school_place_rows(summer, day)}
        assert rows[world.unlinked_child.la_child_id][2] == _independent_school_days(ended, day)

    check()


def test_the_figures_time_from_referral_to_start_in_school_days(world, summer):
    from children.roll.groups import Filters, cohort_entries
    from reports.child_facts import dashboard_child
    from school_places.figures import school_places_section
    from school_places.services import case_close, case_move

    started = {}
    for child, opened, start in (
        (world.child, D(2026, 5, 11), D(2026, 6, 5)),
        (world.unlinked_child, D(2026, 5, 20), D(2026, 7, 20)),
    ):
        case = case_open(
            child=child, source="officer", data={"reason": "x"}, day=opened, actor=SYSTEM
        )
        case_move(case=case, step="started", day=start, note="", actor=SYSTEM)
        case_close(
            case=case,
            outcome="started",
            day=start + datetime.timedelta(days=3),
            note="",
            actor=SYSTEM,
        )
        started[child.pk] = _independent_school_days(opened, start)
    as_of = D(2026, 7, 24)
    children = [dashboard_child(e, as_of) for e in cohort_entries(summer, as_of, Filters())]
    section = school_places_section(summer, children, as_of)
    figures = {f.key: f for f in section.figures}
    # 12-15, 18-22 May and 1-5 June (half-term between); 21 May to 20 July likewise.
    assert started == {world.child.pk: 14, world.unlinked_child.pk: 38}
    assert figures["places.median_days"].value == 26
    assert figures["places.in_time"].count == 1 and figures["places.in_time"].of == 2


def test_an_officer_says_what_started_a_case(world, signed_in):
    officer = signed_in(world.users["school_placement_officer"])
    url = f"/school-places/refer/{world.child.pk}/"
    page = officer.get(url + "?source=placement_change")
    assert page.context["form"]["source"].value() == "placement_change"
    officer.post(url, {"source": "placement_change", "reason": "Moving to Coventry carers"})
    assert Case.objects.get().source == "placement_change"
    sw = signed_in(world.users["social_worker"])
    assert "source" not in sw.get(url).context["form"].fields  # theirs is always a referral
