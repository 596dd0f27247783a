import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AccessLog
from core.actors import SYSTEM
from sen.clock import milestones
from sen.models import EhcpAssessment, SenStatus
from sen.services import ehcp_assessment_save, sdq_record, sen_status_update

pytestmark = pytest.mark.django_db
D = datetime.date


def _assessment(**dates):
    return EhcpAssessment(requested_on=D(2025, 1, 6), **dates)


def test_ehcp_clock_is_6_16_and_20_weeks_from_the_request():
    steps = milestones(_assessment(), 20, D(2025, 1, 6))
    assert [(m.label, m.due) for m in steps] == [
        ("Decision whether to assess", D(2025, 2, 17)),
        ("Draft plan or decision not to issue", D(2025, 4, 28)),
        ("Final plan", D(2025, 5, 26)),
    ]
    assert [m.state for m in steps] == ["Due", "Due", "Due"]


def test_ehcp_overdue_and_late_flags():
    a = _assessment(decision_on=D(2025, 2, 20), decision="assess", draft_on=D(2025, 4, 1))
    steps = milestones(a, 20, D(2025, 5, 27))
    assert [m.state for m in steps] == ["Done late", "Done", "Overdue"]
    assert steps[2].days_overdue == 1
    # On the due day itself it is not yet overdue.
    assert not milestones(a, 20, D(2025, 5, 26))[2].overdue


def test_the_la_sets_the_final_plan_weeks_and_a_plan_brings_annual_reviews():
    a = _assessment(
        decision_on=D(2025, 2, 1), decision="assess", draft_on=D(2025, 4, 1), final_on=D(2025, 5, 1)
    )
    steps = milestones(a, 18, D(2025, 6, 1))
    assert steps[2].due == D(2025, 5, 12) and steps[2].state == "Done"
    assert (steps[3].label, steps[3].due) == ("Annual review", D(2026, 5, 1))


def test_no_plan_steps_after_a_decision_not_to_assess():
    a = _assessment(decision_on=D(2025, 2, 1), decision="not_assess")
    steps = milestones(a, 20, D(2025, 12, 1))
    assert [m.state for m in steps] == ["Done", "Not needed", "Not needed"]


def test_assessment_dates_are_checked(world):
    with pytest.raises(ValidationError):
        ehcp_assessment_save(
            child=world.child,
            data={
                "requested_on": D(2025, 3, 1),
                "decision_on": D(2025, 2, 1),
                "decision": "assess",
            },
            actor=SYSTEM,
        )


def test_school_sees_sen_only_after_a_recorded_need_to_know_decision(world, signed_in):
    dt = world.users["designated_teacher"]
    url = reverse("sen:child", args=[world.child.pk])
    assert signed_in(dt).get(url).status_code == 403
    vsh = world.users["virtual_school_head"]
    with pytest.raises(ValidationError, match="Say why"):
        sen_status_update(
            child=world.child,
            data={"level": "K", "primary_need": "SEMH", "share_with_school": True},
            actor=vsh,
        )
    status = sen_status_update(
        child=world.child,
        data={
            "level": "K",
            "primary_need": "SEMH",
            "share_with_school": True,
            "share_reason": "Needs a calm space plan in class",
        },
        actor=vsh,
    )
    assert (status.decided_by, status.decided_on) == (vsh, datetime.date.today())
    dt = type(dt).objects.get(pk=dt.pk)  # fresh: capabilities are cached per user object
    page = signed_in(dt).get(url)
    assert (
        page.status_code == 200 and "Social, emotional and mental health" in page.content.decode()
    )
    assert AccessLog.objects.filter(object_type="sen", user=dt).exists()
    assert status.history.first().history_user == vsh


def test_sen_pages_for_the_virtual_school(world, signed_in):
    client = signed_in(world.users["education_support_advisor"])
    url = reverse("sen:status_edit", args=[world.child.pk])
    bad = client.post(url, {"level": "E"})
    assert "Choose the primary type of need" in bad.content.decode()
    ok = client.post(url, {"level": "E", "primary_need": "ASD", "secondary_need": "SLCN"})
    assert ok.status_code == 302 and SenStatus.objects.get().level == "E"
    new = reverse("sen:ehcp_new", args=[world.child.pk])
    assert client.post(new, {"requested_on": "2025-01-06"}).status_code == 302
    page = client.get(reverse("sen:child", args=[world.child.pk])).content.decode()
    assert "Overdue" in page and "Autistic spectrum disorder" in page
    assert (
        client.post(
            reverse("sen:sdq_new", args=[world.child.pk]),
            {"collection_year": "2026", "score": "19", "recorded_on": "2026-02-01"},
        ).status_code
        == 302
    )
    assert (
        "Cause for concern"
        in client.get(reverse("sen:child", args=[world.child.pk])).content.decode()
    )
    carer = signed_in(world.users["carer"])
    assert carer.get(reverse("sen:child", args=[world.child.pk])).status_code == 403


def test_sdq_by_hand_corrects_its_own_year(world):
    sdq_record(
        child=world.child, collection_year=2026, score=12, recorded_on=D(2026, 1, 5), actor=SYSTEM
    )
    sdq = sdq_record(
        child=world.child, collection_year=2026, score=14, recorded_on=D(2026, 1, 5), actor=SYSTEM
    )
    assert world.child.sdq_scores.filter(source="manual").get().score == 14 == sdq.score
