"""Escalation steps in the statute's order with their letters, the AP and part-time register's
alerts (the rule in Python and in the database agree), EHCP transfers, the school search and
the directory of LAs."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.actors import SYSTEM
from school_places import services
from school_places.letters import letter_docx, letter_for, letter_pdf
from school_places.models import Application, Escalation, Package, Postcode
from school_places.rules import package_flags
from school_places.selectors import flagged_packages
from schools.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def _refused(world, school):
    case = services.case_open(
        child=world.child,
        source="officer",
        data={"reason": "Moved"},
        day=D(2026, 5, 1),
        actor=SYSTEM,
    )
    application = services.application_add(
        case=case,
        school=school,
        sent_on=D(2026, 5, 1),
        round="normal",
        choice_reason="x",
        actor=SYSTEM,
    )
    return services.application_decide(
        application=application, decision="refused", day=D(2026, 5, 5), reason="Full", actor=SYSTEM
    )


def test_a_maintained_school_goes_to_a_direction_in_the_statutes_order(world):
    school = SchoolFactory(
        type_of_establishment="Community school", type_group="Local authority maintained schools"
    )
    escalation = services.escalation_start(
        application=_refused(world, school), day=D(2026, 5, 6), actor=SYSTEM
    )
    assert escalation.route == Escalation.Route.DIRECTION
    record = lambda step, day: services.escalation_record(  # noqa: E731
        escalation=escalation, step=step, day=day, note="", actor=SYSTEM
    )
    with pytest.raises(ValidationError):
        record("notice", D(2026, 5, 20))  # not consulted yet
    record("consulted", D(2026, 5, 7))
    with pytest.raises(ValidationError, match="seven days"):
        record("notice", D(2026, 5, 13))  # the 7th day of the reply period
    record("notice", D(2026, 5, 14))
    with pytest.raises(ValidationError, match="direct from 21 May 2026"):
        record("directed", D(2026, 5, 20))
    with pytest.raises(ValidationError):
        record("requested", D(2026, 5, 21))  # the academies' route, not this one
    record("directed", D(2026, 5, 21))
    escalation.refresh_from_db()
    assert (escalation.outcome, escalation.closed_on) == ("directed", D(2026, 5, 21))
    notes = list(escalation.case.steps.filter(step="escalation").values_list("note", flat=True))
    assert len(notes) == 4 and notes[-1].startswith("Directed the school to admit")


def test_an_academy_goes_to_the_secretary_of_state_with_letters(world):
    school = SchoolFactory(name="Birch Academy", type_of_establishment="Academy converter")
    escalation = services.escalation_start(
        application=_refused(world, school), day=D(2026, 5, 6), actor=SYSTEM
    )
    assert escalation.route == Escalation.Route.SECRETARY_OF_STATE
    officer = world.users["school_placement_officer"]
    letter = letter_for(escalation, "sos_request", officer=officer)
    assert "Birch Academy" in letter.subject + letter.paragraphs[0]
    assert world.child.forename in letter.paragraphs[0] and "$" not in " ".join(letter.paragraphs)
    from docx import Document
    from pypdf import PdfReader

    text = "".join(p.text for p in Document(io.BytesIO(letter_docx(letter))).paragraphs)
    assert "Birch Academy" in text and "The reason given: Full" in text
    pdf = PdfReader(io.BytesIO(letter_pdf(letter)))
    assert "Birch Academy" in pdf.pages[0].extract_text() and pdf.trailer["/Root"].get(
        "/StructTreeRoot"
    )


def test_an_las_own_wording_is_used_and_unknown_placeholders_are_refused(world):
    with pytest.raises(ValidationError, match=r"\$pupil"):
        services.letter_template_save(
            la=world.la, kind="sos_chase", subject="Chase", body="Dear $pupil", actor=SYSTEM
        )
    services.letter_template_save(
        la=world.la,
        kind="sos_chase",
        subject="Still waiting: $child_name",
        body="We wrote about $school_name.",
        actor=SYSTEM,
    )
    school = SchoolFactory(name="Ash Academy")
    escalation = services.escalation_start(
        application=_refused(world, school), day=D(2026, 5, 6), actor=SYSTEM
    )
    letter = letter_for(escalation, "sos_chase", officer=world.users["school_placement_officer"])
    assert letter.subject.startswith("Still waiting: ") and letter.paragraphs == [
        "We wrote about Ash Academy."
    ]


def test_an_application_waiting_within_its_time_cannot_be_escalated(world):
    school = SchoolFactory()
    case = services.case_open(
        child=world.child, source="officer", data={"reason": "x"}, day=D(2026, 5, 1), actor=SYSTEM
    )
    application = services.application_add(
        case=case,
        school=school,
        sent_on=D(2026, 5, 1),
        round="in_year",
        choice_reason="x",
        actor=SYSTEM,
    )
    with pytest.raises(ValidationError):
        services.escalation_start(application=application, day=D(2026, 5, 6), actor=SYSTEM)
    late = application.decision_due + datetime.timedelta(days=1)
    assert services.escalation_start(application=application, day=late, actor=SYSTEM).pk


def _package(world, **kw):
    data = {
        "kind": "ap",
        "provider": "registered_ap",
        "provider_name": "Bridge Centre",
        "hours_a_week": Decimal(25),
        "payer": "pp_plus",
        "starts_on": D(2026, 4, 20),
    } | kw
    return services.package_add(child=world.child, data=data, actor=SYSTEM)


def test_the_register_alerts_on_unregistered_full_time_and_a_part_time_timetable_past_review(world):
    today = D(2026, 6, 10)
    fine = _package(world, review_on=D(2026, 7, 1))
    unregistered = _package(
        world, provider="unregistered", checks="DBS seen 1 April", review_on=D(2026, 7, 1)
    )
    part_time = _package(world, kind="part_time", hours_a_week=Decimal(12))
    assert part_time.review_on == D(2026, 6, 1)  # six weeks from the start by default
    short = _package(world, hours_a_week=Decimal(15), review_on=D(2026, 7, 1))
    ended = _package(world, kind="part_time", hours_a_week=Decimal(5))
    services.package_end(package=ended, day=D(2026, 5, 1), actor=SYSTEM)
    with pytest.raises(ValidationError):
        _package(world, provider="unregistered", checks="")  # its checks are required
    flags = {p.pk: package_flags(p, world.la, today) for p in Package.objects.all()}
    assert flags[fine.pk] == [] and flags[ended.pk] == []
    assert flags[unregistered.pk] == ["Full time at an unregistered provider"]
    assert flags[part_time.pk] == ["Review overdue"] and flags[short.pk] == [
        "Under 25 hours a week"
    ]
    in_db = set(flagged_packages(Package.objects.all(), today).values_list("pk", flat=True))
    assert in_db == {pk for pk, f in flags.items() if f}
    services.package_review(
        package=part_time, reviewed_on=today, next_review_on=None, hours_a_week=None, actor=SYSTEM
    )
    assert part_time.review_on == today + datetime.timedelta(weeks=6)


def test_an_ehcp_transfer_keeps_its_clocks_and_consultations(world):
    from school_places.rules import ehcp_next

    transfer = services.ehcp_transfer_add(
        child=world.child,
        data={
            "from_la_code": "330",
            "to_la_code": "331",
            "paying_la_code": "330",
            "moved_on": D(2026, 5, 20),
            "notified_on": D(2026, 5, 18),
        },
        actor=SYSTEM,
    )
    step = ehcp_next(transfer)
    assert step.what.startswith("The plan") and step.on == D(2026, 6, 8)  # 25 May a holiday
    with pytest.raises(ValidationError):
        services.ehcp_transfer_update(
            transfer=transfer, data={"review_told_on": D(2026, 6, 1)}, actor=SYSTEM
        )
    transfer.refresh_from_db()
    services.ehcp_transfer_update(
        transfer=transfer, data={"transferred_on": D(2026, 6, 1)}, actor=SYSTEM
    )
    assert ehcp_next(transfer).on == D(2026, 7, 12)
    consultation = services.ehcp_consultation_add(
        transfer=transfer, school=world.other_school, sent_on=D(2026, 6, 2), actor=SYSTEM
    )
    services.ehcp_consultation_reply(
        consultation=consultation, replied_on=D(2026, 6, 9), reply="agreed", note="", actor=SYSTEM
    )
    assert consultation.reply == "agreed"


def test_the_search_orders_by_distance_and_filters_by_the_guidance(world, signed_in):
    Postcode.objects.create(postcode="B11AA", easting=406000, northing=286000)
    near = SchoolFactory(
        name="Near School",
        easting=406500,
        northing=286000,
        ofsted_rating="Good",
        statutory_low_age=11,
        statutory_high_age=16,
    )
    far = SchoolFactory(
        name="Far School",
        easting=450000,
        northing=300000,
        ofsted_rating="Inadequate",
        statutory_low_age=11,
        statutory_high_age=16,
    )
    SchoolFactory(
        name="Infant School",
        easting=406001,
        northing=286000,
        statutory_low_age=4,
        statutory_high_age=7,
    )
    officer = signed_in(world.users["school_placement_officer"])
    page = officer.get("/school-places/search/", {"postcode": "b1 1aa", "age": 12})
    rows = page.context["rows"]
    assert [r.school for r in rows][:2] == [near, far] and rows[0].km == 0.5
    assert rows[1].outside_guidance and not rows[0].outside_guidance
    guided = officer.get("/school-places/search/", {"postcode": "B11AA", "age": 12, "good": "on"})
    assert [r.school for r in guided.context["rows"]] == [near]
    academies = officer.get("/school-places/search/", {"authority": "la", "name": "Near"})
    assert academies.context["rows"] == []  # the factory's schools are academies
    unknown = officer.get("/school-places/search/", {"postcode": "ZZ9 9ZZ"})
    assert "not in the postcode directory" in unknown.content.decode()
    assert signed_in(world.users["social_worker"]).get("/school-places/search/").status_code == 403


def test_every_english_la_is_in_the_directory_and_gias_agrees_on_names():
    import csv
    from pathlib import Path

    from la_directory.models import Authority

    assert Authority.objects.count() == 153
    assert Authority.objects.filter(region="London").count() == 33
    sample = Path(__file__).resolve().parents[2] / "samples" / "gias" / "example_schools_data.csv"
    with sample.open(encoding="cp1252") as f:
        names = {(r["LA (code)"], r["LA (name)"]) for r in csv.DictReader(f)}
    assert names and all(Authority.objects.get(code=code).name == name for code, name in names)


def test_an_officer_edits_a_contact_and_a_case_shows_it(world, signed_in):
    from la_directory.models import Authority

    officer = signed_in(world.users["school_placement_officer"])
    page = officer.post(
        "/local-authorities/331/",
        {
            "admissions": "admissions@coventry.example",
            "virtual_school": "",
            "send": "",
            "notes": "",
        },
    )
    assert page.status_code == 302 and Authority.objects.get(code="331").admissions
    case = services.case_open(
        child=world.child, source="officer", data={"reason": "x"}, day=D(2026, 5, 1), actor=SYSTEM
    )
    services.application_add(
        case=case,
        school=world.other_school,
        sent_on=D(2026, 5, 1),
        round="normal",
        choice_reason="x",
        actor=SYSTEM,
    )
    shown = officer.get(f"/school-places/{case.pk}/").context["contacts"]
    assert next((c.authority.code, c.team, c.details) for c in shown) == (
        "331",
        "admissions",
        "admissions@coventry.example",
    )
    assert signed_in(world.users["social_worker"]).get("/local-authorities/").status_code == 403
    assert Application.objects.count() == 1


def test_the_postcode_directory_loads_all_or_nothing_and_again_changes_nothing(tmp_path):
    from school_places.postcodes import postcodes_import

    good = tmp_path / "onspd.csv"
    good.write_text(
        "pcd,pcd2,pcds,dointr,doterm,oseast1m,osnrth1m\n"
        '"B1  1AA","B1  1AA","B1 1AA",198001,,406000,286000\n'
        '"B1  1AB","B1  1AB","B1 1AB",198001,200012,,\n'
        '"CV1 2AA","CV1 2AA","CV1 2AA",198001,,433000,279000\n'
    )
    first = postcodes_import(path=good, actor=SYSTEM)
    assert first.ok and first.counts["postcodes"]["created"] == 2
    assert Postcode.objects.get(postcode="B11AA").easting == 406000
    again = postcodes_import(path=good, actor=SYSTEM)
    assert again.counts["postcodes"] == {"created": 0, "updated": 0, "unchanged": 2}
    bad = tmp_path / "bad.csv"
    bad.write_text("pcds,oseast1m,osnrth1m\nB2 2BB,406000,286000\nNOT A CODE,1,2\nB3 3CC,x,5\n")
    report = postcodes_import(path=bad, actor=SYSTEM)
    assert [(p.line, p.column) for p in report.problems] == [(3, "pcds"), (4, "oseast1m")]
    assert not Postcode.objects.filter(postcode="B22BB").exists()


def test_the_register_and_a_transfer_through_their_pages(world, signed_in):
    officer = signed_in(world.users["school_placement_officer"])
    package = _package(world, kind="part_time", hours_a_week=Decimal(12))
    day = {"reviewed_on-day": "1", "reviewed_on-month": "6", "reviewed_on-year": "2026"}
    reviewed = officer.post(f"/school-places/packages/{package.pk}/", {"do": "review", **day})
    assert reviewed.status_code == 302
    package.refresh_from_db()
    assert package.review_on == D(2026, 7, 13)
    early = {
        "reviewed_on-day": "1",
        "reviewed_on-month": "6",
        "reviewed_on-year": "2026",
        "next_review_on-day": "1",
        "next_review_on-month": "5",
        "next_review_on-year": "2026",
    }
    refused = officer.post(f"/school-places/packages/{package.pk}/", {"do": "review", **early})
    assert refused.status_code == 200 and "<title>Error: " in refused.content.decode()
    transfer = services.ehcp_transfer_add(
        child=world.child,
        actor=SYSTEM,
        data={
            "from_la_code": "330",
            "to_la_code": "331",
            "paying_la_code": "330",
            "moved_on": D(2026, 5, 20),
            "notified_on": D(2026, 5, 18),
        },
    )
    moved = officer.post(
        f"/school-places/ehcp-transfers/{transfer.pk}/",
        {
            "do": "progress",
            "transferred_on-day": "1",
            "transferred_on-month": "6",
            "transferred_on-year": "2026",
            "recoupment": "Not normally",
        },
    )
    assert moved.status_code == 302
    transfer.refresh_from_db()
    assert (transfer.transferred_on, transfer.recoupment) == (D(2026, 6, 1), "Not normally")


def test_an_ehcp_transfer_refuses_an_la_code_that_is_not_three_digits(world):
    with pytest.raises(ValidationError, match="3-digit"):
        services.ehcp_transfer_add(
            child=world.child,
            actor=SYSTEM,
            data={
                "from_la_code": "33O",
                "to_la_code": "331",
                "paying_la_code": "330",
                "moved_on": D(2026, 5, 20),
                "notified_on": D(2026, 5, 18),
            },
        )
