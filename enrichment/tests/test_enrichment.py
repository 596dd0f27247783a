"""Enrichment: places and the waiting list, who may book, what a partner sees (never the care
record), consent on the day (Python and database forms agree), PP+ costs reaching the central
spend line, the figures and activity_report, and the post-16 monthly check."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.actors import SYSTEM
from enrichment import services
from enrichment.models import Activity, Booking, MediaConsent, Partner
from enrichment.rules import consent_in_force, consent_in_force_q

pytestmark = pytest.mark.django_db
D = datetime.date


def _activity(world, **kw):
    values = {
        "la": world.la,
        "title": "Drumming",
        "category": "music",
        "starts_on": D(2026, 2, 14),
        "ends_on": D(2026, 2, 14),
        "place": "Town Hall",
        "where": "in_la",
        "capacity": 1,
        "min_year": -1,
        "max_year": 13,
        "groups": ["cla"],
    } | kw
    return services.activity_save(activity=Activity(**values), actor=SYSTEM)


def _book(activity, child, actor=SYSTEM):
    return services.booking_make(
        activity=activity,
        child=child,
        needs_shared="Uses a wheelchair",
        emergency_contact="Carer 07700 900000",
        actor=actor,
    )


def test_places_then_the_waiting_list_which_moves_up(world):
    activity = _activity(world)
    first = _book(activity, world.child, world.users["social_worker"])
    second = _book(activity, world.unlinked_child)
    assert (first.status, second.status) == ("booked", "waiting")
    with pytest.raises(ValidationError):
        _book(activity, world.child)  # already booked
    promoted = services.booking_cancel(booking=first, actor=world.users["social_worker"])
    assert promoted == second and Booking.objects.get(pk=second.pk).status == "booked"
    with pytest.raises(PermissionDenied):  # not their child
        _book(activity, world.unlinked_child, world.users["social_worker"])
    too_young = _activity(world, min_year=12, max_year=13, title="Driving theory")
    with pytest.raises(ValidationError, match="year group"):
        _book(too_young, world.child)


def test_a_partner_sees_only_its_bookings_and_only_what_it_needs(world, signed_in):
    from accounts.tests.factories import RoleAssignmentFactory, UserFactory, enrol_totp

    partner = Partner.objects.create(la=world.la, name="Arts Foundation")
    staff = UserFactory()
    RoleAssignmentFactory(user=staff, role="partner_staff", la=world.la)
    enrol_totp(staff)
    partner.staff.add(staff)
    theirs = _activity(world, partner=partner, capacity=5)
    other = _activity(world, title="Football", category="sport")
    _book(theirs, world.child)
    client = signed_in(staff)
    page = client.get(f"/enrichment/{theirs.pk}/")
    text = page.content.decode()
    assert page.status_code == 200 and world.child.forename in text
    assert world.child.surname not in text and world.child.la_child_id not in text
    assert "Uses a wheelchair" in text and "No photographs" in text
    assert client.get(f"/enrichment/{other.pk}/").status_code == 404
    assert client.get(f"/children/{world.child.pk}/").status_code == 404
    booking = theirs.bookings.get()
    assert (
        client.post(
            f"/enrichment/{theirs.pk}/", {"do": "attend", "booking": booking.pk, "attended": "yes"}
        ).status_code
        == 302
    )
    assert Booking.objects.get(pk=booking.pk).attended is True


def test_the_consent_in_force_on_a_day(world):
    consents = [
        MediaConsent.objects.create(
            child=world.child,
            holder="Carer",
            uses=["internal"],
            given_on=D(2025, 1, 1),
            expires_on=D(2025, 12, 31),
        ),
        MediaConsent.objects.create(
            child=world.child,
            holder="Social worker",
            uses=["website"],
            given_on=D(2026, 1, 10),
            withdrawn_on=D(2026, 3, 1),
        ),
    ]
    for day in (
        D(2024, 12, 31),
        D(2025, 6, 1),
        D(2025, 12, 31),
        D(2026, 1, 1),
        D(2026, 2, 1),
        D(2026, 3, 1),
    ):
        in_python = {c.pk for c in consents if consent_in_force(c, day)}
        in_db = set(
            MediaConsent.objects.filter(consent_in_force_q(day)).values_list("pk", flat=True)
        )
        assert in_python == in_db, day
    assert consent_in_force(consents[0], D(2025, 12, 31)) and not consent_in_force(
        consents[1], D(2026, 3, 1)
    )


def test_pp_plus_costs_reach_the_central_spend_line(world):
    from funding.models import CentralSpend, GrantYear

    grant = GrantYear.objects.create(la=world.la, year="2025-26", rate_per_child=Decimal("2630"))
    line = CentralSpend.objects.create(
        grant_year=grant, description="Enrichment", planned=Decimal("5000")
    )
    with pytest.raises(ValidationError):
        _activity(world, fund="pp_plus", cost=Decimal("300"))  # which line?
    activity = _activity(world, fund="pp_plus", cost=Decimal("300"), central_spend=line)
    line.refresh_from_db()
    assert line.spent == Decimal("300")
    activity.cost = Decimal("450")
    services.activity_save(activity=activity, actor=SYSTEM)
    line.refresh_from_db()
    assert line.spent == Decimal("450")


def test_the_figures_and_the_report(world):
    from django.core.management import call_command

    from children.roll.groups import Filters, cohort_entries
    from enrichment.figures import enrichment_section
    from reports.child_facts import dashboard_child

    activity = _activity(
        world, capacity=5, cost=Decimal("100"), starts_on=D(2025, 10, 4), ends_on=D(2025, 10, 4)
    )
    came, missed = _book(activity, world.child), _book(activity, world.unlinked_child)
    services.attendance_record(booking=came, attended=True, actor=SYSTEM)
    services.attendance_record(booking=missed, attended=False, actor=SYSTEM)
    services.evaluation_save(
        booking=came,
        data={"wellbeing_before": 4, "wellbeing_after": 7, "child_words": "Loud!"},
        actor=SYSTEM,
    )
    as_of = D(2026, 1, 10)
    entries = [dashboard_child(e, as_of) for e in cohort_entries(world.la, as_of, Filters())]
    figures = {f.key: f for f in enrichment_section(world.la, entries, as_of).figures}
    assert figures["enrichment.reach"].count == 1 and figures["enrichment.reach"].of == len(entries)
    assert figures["enrichment.cost_per_participant"].value == Decimal("100.00")
    assert figures["enrichment.wellbeing"].value == Decimal("3.0")
    out = io.StringIO()
    call_command("activity_report", "--la", "330", "--year", "2025-26", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("activity,category,starts_on") and len(lines) == 2
    assert lines[1].split(",")[6:] == ["2", "0", "1", "100.00", "100.00", "3.0"]
    with pytest.raises(Exception, match="school year"):
        call_command("activity_report", "--la", "330", "--year", "2025-27")


def test_the_post16_check_and_the_neet_list(world, signed_in):
    from enrichment.models import Post16Check

    with pytest.raises(ValidationError, match="reason"):
        services.post16_check_record(
            child=world.child,
            month=D(2026, 5, 1),
            data={"activity": "neet", "checked_on": D(2026, 5, 2)},
            actor=SYSTEM,
        )
    check = services.post16_check_record(
        child=world.child,
        month=D(2026, 5, 17),
        actor=SYSTEM,
        data={"activity": "neet", "neet_reason": "seeking", "checked_on": D(2026, 5, 17)},
    )
    assert check.month == D(2026, 5, 1)
    again = services.post16_check_record(
        child=world.child,
        month=D(2026, 5, 30),
        actor=SYSTEM,
        data={"activity": "college", "checked_on": D(2026, 5, 30)},
    )
    assert again.pk == check.pk and Post16Check.objects.get().neet_reason == ""
    with pytest.raises(PermissionDenied):
        services.post16_check_record(
            child=world.child,
            month=D(2026, 5, 1),
            actor=world.users["carer"],
            data={"activity": "college", "checked_on": D(2026, 5, 2)},
        )


def test_a_pep_section_offers_the_childs_enrichment_to_cite(world, signed_in):
    from django.utils import timezone

    from peps.models import Pep

    today = timezone.localdate()
    activity = _activity(
        world,
        capacity=5,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today - datetime.timedelta(days=30),
        title="Climbing taster",
    )
    booking = _book(activity, world.child)
    services.attendance_record(booking=booking, attended=True, actor=SYSTEM)
    pep = Pep.objects.create(child=world.child, pep_type="termly", due_on=today)
    pep.sections.create(key="voice")
    page = signed_in(world.users["virtual_school_head"]).get(f"/peps/{pep.pk}/sections/voice/")
    assert page.status_code == 200 and "Climbing taster" in page.content.decode()


def test_an_activity_for_care_leavers_or_plac_takes_them_and_not_children_in_care(world):
    from children.models import CareEpisode
    from children.tests.factories import ChildFactory
    from enrichment.selectors import bookable_children

    leaver = ChildFactory(la=world.la, forename="Lee", date_of_birth=D(2008, 1, 5))
    CareEpisode.objects.create(  # 15 to 17: over 13 weeks, ending after 16
        child=leaver,
        started_on=D(2023, 3, 1),
        ended_on=D(2025, 3, 1),
        legal_status="C2",
        reason_ceased="E5",
    )
    adopted = ChildFactory(la=world.la, forename="Ava", date_of_birth=D(2016, 1, 5))
    CareEpisode.objects.create(
        child=adopted,
        started_on=D(2017, 3, 1),
        ended_on=D(2019, 3, 1),
        legal_status="E1",
        reason_ceased="E11",
    )
    leavers = _activity(world, groups=["care_leavers"], min_year=10, max_year=16, capacity=5)
    assert _book(leavers, leaver).status == "booked"
    from conftest import _child

    in_care = _child(world.la, world.school, date_of_birth=D(2010, 1, 15))  # Year 11, in care
    with pytest.raises(ValidationError, match="for care leavers: the child is not"):
        _book(leavers, in_care)
    with pytest.raises(ValidationError, match="year group"):
        _book(leavers, world.child)  # Year 6
    plac = _activity(world, groups=["plac"], capacity=5, title="Adoptive families' day")
    assert _book(plac, adopted).status == "booked"
    with pytest.raises(ValidationError, match="previously looked-after children"):
        _book(plac, world.child)
    vsh = world.users["virtual_school_head"]
    assert bookable_children(vsh, plac) == [adopted]
    both = _activity(world, groups=["cla", "plac"], capacity=5, title="Open day")
    assert set(bookable_children(vsh, both)) == {
        adopted,
        world.child,
        world.unlinked_child,
        in_care,
    }


def test_the_monthly_eet_share_agrees_with_a_count_by_hand(world):
    """Each month of the school year: of the young people in Years 12 and 13 in care on the 1st,
    those whose check that month is education, employment or training."""
    import random

    from children.models import CareEpisode
    from children.tests.factories import ChildFactory
    from enrichment.figures import eet_by_month
    from enrichment.models import Post16Check

    rng = random.Random(18)
    months = [D(2026, 9, 1), D(2026, 10, 1), D(2026, 11, 1)]
    born = [D(2010, 1, 5)] * 8 + [D(2009, 3, 5)] * 6 + [D(2011, 2, 5)] * 3  # Y12, Y13, Y11
    young = []
    for n, dob in enumerate(born):
        child = ChildFactory(la=world.la, date_of_birth=dob)
        left = D(2026, 10, 15) if n % 5 == 0 else None  # some leave care in October
        CareEpisode.objects.create(
            child=child,
            started_on=D(2024, 1, 10),
            ended_on=left,
            legal_status="C2",
            reason_ceased="E8" if left else "",
        )
        young.append((child, dob, left))
        for month in months:
            activity = rng.choice(["college", "apprenticeship", "neet", None])
            if activity:
                Post16Check.objects.create(
                    child=child,
                    month=month,
                    activity=activity,
                    checked_on=month,
                    neet_reason="seeking" if activity == "neet" else "",
                )
    rows = {r.label: r for r in eet_by_month(world.la, D(2026, 11, 20))}
    assert list(rows) == ["September 2026", "October 2026", "November 2026"]
    for month in months:
        cohort = {
            c.pk for c, dob, left in young if dob < D(2010, 9, 1) and (not left or left > month)
        }
        eet = {
            c
            for c in cohort
            if Post16Check.objects.filter(child_id=c, month=month).exclude(activity="neet").exists()
        }
        row = rows[f"{month:%B %Y}"]
        assert (row.count, row.of, set(row.children)) == (len(eet), len(cohort), eet)
    assert rows["November 2026"].of < rows["September 2026"].of  # those who left


def test_a_series_of_months_is_not_suppressed_as_parts_of_a_whole():
    from reports.figures import Breakdown, Figure, Section, secondary_suppression

    rows = [Figure(f"m{n}", f"Month {n}", count, of=20) for n, count in enumerate([3, 12, 15])]
    section = Section("s", "S", breakdowns=[Breakdown("b", "B", "Month", rows, partition=False)])
    secondary_suppression([section], threshold=5)
    assert not any(r.secondary for r in rows)
    section.breakdowns[0].partition = True
    secondary_suppression([section], threshold=5)
    assert rows[1].secondary


def test_a_neet_month_puts_the_young_person_on_the_advisors_and_team_managers_homes(
    world, signed_in
):
    from django.utils import timezone

    from children.roll.rules import school_year
    from conftest import _child

    today = timezone.localdate()
    advisor = world.users["education_support_advisor"]
    young = _child(
        world.la, world.school, forename="Nia", surname="Okoro",
        date_of_birth=D(school_year(today) - 16, 6, 1),  # Year 12 all this school year
    )  # fmt: skip
    young.education_support_advisor = advisor
    young.save()
    heading = "Not in education, employment or training (NEET) this month"

    def home(role):
        return signed_in(world.users[role]).get("/").content.decode()

    def neet_section(role) -> str:  # from the section's heading to the next one
        page = home(role)
        start = page.find(heading)
        return page[start : page.find("<h2", start)] if start >= 0 else ""

    assert "No young person is recorded as NEET this month." in home("education_support_advisor")
    services.post16_check_record(
        child=young, month=today, actor=advisor,
        data={"activity": "neet", "neet_reason": "not_ready", "checked_on": today},
    )  # fmt: skip
    for role in ("education_support_advisor", "team_manager"):
        assert "Nia Okoro" in neet_section(role), role
    for role in ("social_worker", "development_officer"):
        assert heading not in home(role), role
    services.post16_check_record(
        child=young, month=today, actor=advisor,
        data={"activity": "college", "checked_on": today},
    )  # fmt: skip
    assert "Nia Okoro" not in neet_section("team_manager")


def test_the_post16_list_counts_this_months_neet_among_those_it_lists(world, signed_in):
    """The list's "N not in education, employment or training": young people in Years 12 and
    13 on the roll, in the user's reach, whose check this month says NEET; they come first."""
    from django.utils import timezone

    from children.models import CareEpisode
    from children.roll.rules import school_year
    from conftest import _child
    from enrichment.models import Post16Check

    today = timezone.localdate()
    month, year = today.replace(day=1), school_year(today)
    last_month = (month - datetime.timedelta(days=1)).replace(day=1)

    def young(name, born_in, la=world.la, **checks):
        child = _child(la, world.school, forename=name, surname="Test",
                       date_of_birth=D(born_in, 6, 1))  # fmt: skip
        for when, activity in checks.items():
            Post16Check.objects.create(
                child=child, month={"now": month, "before": last_month}[when],
                activity=activity, neet_reason="seeking" if activity == "neet" else "",
                checked_on=today,
            )  # fmt: skip
        return child

    young("Neet", year - 16, now="neet")  # Year 12, NEET this month: counted
    young("Also", year - 17, now="neet", before="college")  # Year 13: counted
    young("Was", year - 17, now="college", before="neet")  # NEET last month only
    young("Unchecked", year - 16)
    young("Younger", year - 15, now="neet")  # Year 11: not on this list
    young("Elsewhere", year - 16, la=world.other_la, now="neet")  # another LA's
    left = young("Left", year - 16, now="neet")
    CareEpisode.objects.filter(child=left).update(ended_on=today - datetime.timedelta(days=1))

    page = signed_in(world.users["team_manager"]).get("/enrichment/post-16/").content.decode()
    assert "2 not in education, employment or training." in page
    shown = [n for n in ("Neet", "Also", "Was", "Unchecked", "Younger", "Elsewhere", "Left")
             if f">{n} Test<" in page]  # fmt: skip
    assert set(shown) == {"Neet", "Also", "Was", "Unchecked"}
    order = [page.find(f">{n} Test<") for n in ("Also", "Neet", "Unchecked", "Was")]
    assert order == sorted(order)  # NEET first, then not checked yet, then the rest
