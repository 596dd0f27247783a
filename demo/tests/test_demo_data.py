import datetime
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command

from accounts.models import User
from accounts.roles import Role
from children.models import CareEpisode, Child
from demo.builder import DEMO_PASSWORD, demo_build
from schools.models import School

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 11, 1)


def snapshot():
    return list(
        Child.objects.order_by("la_child_id").values_list(
            "la_child_id", "forename", "surname", "date_of_birth", "upn", "sex"
        )
    ) + list(
        CareEpisode.objects.order_by("child__la_child_id", "started_on").values_list(
            "child__la_child_id", "started_on", "ended_on", "legal_status"
        )
    )


def _wipe():
    """Money records protect the children they name: remove the demo's grant first."""
    from funding.models import CentralSpend, GrantYear, PaymentLine, PaymentRun, PpRequest

    PaymentLine.objects.all().delete()
    PaymentRun.objects.all().delete()
    PpRequest.objects.all().delete()
    CentralSpend.objects.all().delete()
    GrantYear.objects.all().delete()
    from post16.models import Post16Grant, Post16Request

    Post16Request.objects.all().delete()
    Post16Grant.objects.all().delete()
    from events.models import Event
    from school_places.models import Case
    from schools.models import Area, DesignatedTeacher
    from self_evaluations.models import SelfEvaluation
    from visits.models import SchoolAction, SchoolVisit

    for model in (Case, SchoolAction, SchoolVisit, SelfEvaluation, Event, DesignatedTeacher, Area):
        model.objects.all().delete()
    Child.objects.all().delete()


def test_same_seed_same_data():
    demo_build(la_code="330", children=150, seed=7, as_of=AS_OF)
    first = snapshot()
    _wipe()
    demo_build(la_code="330", children=150, seed=7, as_of=AS_OF)
    assert snapshot() == first
    _wipe()
    demo_build(la_code="330", children=150, seed=8, as_of=AS_OF)
    assert snapshot() != first


def test_a_believable_virtual_school():
    result = demo_build(la_code="330", children=400, seed=1, as_of=AS_OF)
    assert Child.objects.filter(la=result.la).count() == 400
    statuses = set(CareEpisode.objects.values_list("legal_status", flat=True))
    assert {"C1", "C2", "V2", "V3", "V4", "E1", "D1"} <= statuses
    ages = {
        (AS_OF - dob).days // 365 for dob in Child.objects.values_list("date_of_birth", flat=True)
    }
    assert set(range(3, 18)) <= ages
    assert CareEpisode.objects.filter(ended_on__lte=AS_OF).exists()  # some have left care
    codes = set(School.objects.values_list("la_code", flat=True))
    assert "330" in codes and len(codes) > 1  # in and out of the LA
    assert Child.objects.filter(upn_valid=False).exists()  # data-quality flags, as in real data
    assert Child.objects.looked_after_on(AS_OF).count() > 300


def test_pep_compliance_as_councils_report():
    """Most PEPs already due were signed off by their deadline, some late, some not yet; every
    step of the workflow is under way somewhere; no PEP is signed off after the demo's day."""
    from peps.dashboard import pep_dashboard
    from peps.models import Pep

    after_the_autumn_deadlines = datetime.date(2026, 12, 10)
    la = demo_build(la_code="330", children=200, seed=3, as_of=after_the_autumn_deadlines).la
    total = pep_dashboard(Child.objects.filter(la=la), after_the_autumn_deadlines).total
    assert total.due > 120
    assert 0.60 <= total.on_time / total.due <= 0.95
    assert 0 < total.overdue < total.due * 0.3
    assert set(Pep.objects.values_list("status", flat=True)) >= {
        "not_started",
        "in_progress",
        "submitted",
        "returned",
        "quality_assured",
        "signed_off",
    }
    assert not Pep.objects.filter(signed_off_at__date__gt=after_the_autumn_deadlines).exists()


def test_every_role_has_a_sign_in_with_mfa():
    demo_build(la_code="330", children=60, seed=1, as_of=AS_OF)
    for role in Role:
        user = User.objects.get(
            role_assignments__role=role, email__startswith=role.value.replace("_", "-") + "."
        )
        assert user.check_password(DEMO_PASSWORD)
        assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    sw = User.objects.get(email__startswith="social-worker.")
    assert Child.objects.visible_to(sw).exists()
    dt = User.objects.get(email__startswith="designated-teacher.")
    assert Child.objects.visible_to(dt).exists()


def test_command_prints_accounts_and_loads_only_into_an_empty_database():
    out = StringIO()
    call_command("demo_data", "--la", "330", "--children", "30", "--if-empty", stdout=out)
    assert "virtual-school-head.330@demo.invalid" in out.getvalue()
    stages = [line for line in out.getvalue().splitlines() if line.endswith(" s)")]
    assert len(stages) == 12 and "30 children" in stages[0] and "PEPs" in stages[4]
    assert "schools in areas" in stages[6]
    assert stages[2].startswith("  14 sign-ins")
    out = StringIO()
    call_command("demo_data", "--la", "330", "--children", "30", "--if-empty", stdout=out)
    assert "already holds children" in out.getvalue()
    assert "virtual-school-head.330@demo.invalid" in out.getvalue()
    assert Child.objects.count() == 30


def test_demo_code_prints_a_code_for_demo_accounts_only(world):
    demo_build(la_code="330", children=10, seed=1, as_of=AS_OF)
    out = StringIO()
    call_command("demo_code", "carer.330@demo.invalid", stdout=out)
    assert out.getvalue().strip().isdigit()
    with pytest.raises(CommandError, match="Only demo accounts"):
        call_command("demo_code", world.users[Role.CARER].email)


def test_bad_arguments_are_refused():
    with pytest.raises(CommandError, match="3-digit"):
        call_command("demo_data", "--la", "33")


@pytest.mark.django_db
def test_demo_has_sen_and_attendance(settings):
    import datetime

    from attendance.models import SessionMark
    from demo.builder import demo_build
    from sen.models import SenStatus

    demo_build(la_code="330", children=60, seed=2, as_of=datetime.date(2026, 3, 18))
    levels = set(SenStatus.objects.values_list("level", flat=True))
    assert levels == {"N", "K", "E"}
    assert SessionMark.objects.filter(date__gte=datetime.date(2025, 9, 1)).exists()
    assert SenStatus.objects.count() == 60


@pytest.mark.django_db
def test_demo_has_peps_in_every_status():
    import datetime

    from demo.builder import demo_build
    from peps.models import Pep, Status

    demo_build(la_code="330", children=60, seed=3, as_of=datetime.date(2026, 3, 18))
    assert set(Pep.objects.values_list("status", flat=True)) == set(Status.values)


def test_demo_has_work_with_schools(demo_la):
    from events.models import Booking
    from schools.models import Area, DesignatedTeacher
    from self_evaluations.models import SelfEvaluation
    from visits.models import SchoolAction, SchoolVisit

    areas = Area.objects.filter(la=demo_la)
    assert areas.count() == 4 and all(a.officers.exists() for a in areas)
    dts = DesignatedTeacher.objects.all()
    assert dts.exclude(trained_on=None).exists() and dts.filter(trained_on=None).exists()
    assert SchoolVisit.objects.filter(la=demo_la).exists()
    actions = SchoolAction.objects.filter(la=demo_la)
    assert actions.filter(done_on=None).exists() and actions.exclude(done_on=None).exists()
    assert Booking.objects.filter(attended=True).exists()
    stages = set(SelfEvaluation.objects.filter(la=demo_la).values_list("status", flat=True))
    assert stages == {"with_school", "submitted", "reviewed"}


def test_demo_has_school_place_cases(demo_la):
    from school_places.models import Application, Case

    cases = Case.objects.filter(la=demo_la)
    assert cases.exists() and cases.filter(closed_on__isnull=False).exists()
    assert Application.objects.filter(case__la=demo_la).exists()
    from django.utils import timezone

    from school_places.models import EhcpTransfer, Escalation, Package
    from school_places.rules import ehcp_next, package_flags

    routes = set(Escalation.objects.filter(case__la=demo_la).values_list("route", flat=True))
    assert "direction" in routes  # an academy's too, once the roll has a fourth child waiting
    assert Escalation.objects.filter(case__la=demo_la, notice_on__isnull=False).exists()
    today = timezone.localdate()
    flags = [
        f for p in Package.objects.filter(la=demo_la) for f in package_flags(p, demo_la, today)
    ]
    assert "Review overdue" in flags and "Full time at an unregistered provider" in flags
    assert {p.kind for p in Package.objects.filter(la=demo_la)} == {"ap", "bespoke", "part_time"}
    transfers = EhcpTransfer.objects.filter(la=demo_la)
    assert transfers.count() == 2 and any(ehcp_next(t).overdue(today) for t in transfers)


def test_demo_has_advice_requests_and_cohort_figures(demo_la):
    from advice.models import AdviceRequest
    from conftest import DEMO_AS_OF
    from cwsw.figures import cohort_rows
    from cwsw.models import CinChild, EducationRecord

    found = AdviceRequest.objects.filter(la=demo_la)
    assert found.filter(closed_on__isnull=False).exists()
    assert found.filter(first_answered_on__isnull=True, due_on__lt=DEMO_AS_OF).exists()  # late
    assert found.filter(first_answered_on__isnull=True, due_on__gte=DEMO_AS_OF).exists()
    assert CinChild.objects.filter(la=demo_la).count() == 300
    assert EducationRecord.objects.filter(la=demo_la).count() == 300
    rows = cohort_rows(demo_la, DEMO_AS_OF, demo_la.small_number_suppression)
    shown = [r for r in rows if r.group == "all" and r.measure == "children" and not r.suppressed]
    assert {r.cohort for r in shown} == {"children_in_need", "child_protection_plan", "ever_6"}


def test_demo_has_enrichment_and_post16(demo_la):
    from enrichment.models import Activity, Booking, Evaluation, Post16Check

    assert Activity.objects.filter(la=demo_la).count() == 6
    bookings = Booking.objects.filter(activity__la=demo_la)
    assert bookings.filter(status="waiting").exists() and bookings.filter(attended=True).exists()
    assert Evaluation.objects.filter(booking__activity__la=demo_la).exists()
    assert Post16Check.objects.filter(child__la=demo_la, activity="neet").exists()
    from enrichment.models import MediaConsent

    consents = MediaConsent.objects.filter(child__la=demo_la)
    assert consents.filter(withdrawn_on__isnull=False).count() == 1


def test_the_demo_has_post16_plans_and_post16_pp_requests_at_each_step(demo_la):
    from post16.models import Post16Grant, Post16Plan

    plans = Post16Plan.objects.filter(pep__child__la=demo_la)
    assert plans.exists() and all(p.complete for p in plans)
    grant = Post16Grant.objects.get(la=demo_la)
    assert grant.lead is not None
    statuses = set(grant.requests.values_list("status", flat=True))
    assert "referred" in statuses or "approved" in statuses
