import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from authorities.calendar import add_working_days
from authorities.terms import calendar_set_typical
from children.tests.factories import CareEpisodeFactory, EducationPlacementFactory
from core.actors import SYSTEM
from peps.clock import due_on, termly_deadline
from peps.models import PepSection, Section, Status
from peps.services import (
    RUBRIC,
    PepConflict,
    pep_initiate,
    pep_meeting_save,
    pep_new_version,
    pep_quality_assure,
    pep_return,
    pep_section_save,
    pep_sign_off,
    pep_submit,
    pep_target_add,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        (D(2025, 12, 19), 10, D(2026, 1, 7)),  # Christmas, Boxing Day and New Year's Day
        (D(2026, 3, 27), 10, D(2026, 4, 14)),  # Good Friday 3 April and Easter Monday 6 April
        (D(2025, 12, 31), 1, D(2026, 1, 2)),  # over the year end
        (D(2026, 5, 22), 1, D(2026, 5, 26)),  # the spring bank holiday
        (D(2025, 11, 21), 10, D(2025, 12, 5)),
    ],
)
def test_working_days_skip_weekends_and_bank_holidays(start, n, due):
    assert add_working_days(start, n) == due


def test_due_pep_initial_then_school_move_then_termly(world):
    calendar_set_typical(la=world.la, years=[2025])
    autumn = world.la.terms.get(academic_year=2025, name="autumn")
    assert termly_deadline(world.la, autumn) == D(2025, 11, 28)
    child = world.unlinked_child  # in care since 10 January 2024
    due = due_on(child, D(2025, 10, 1))
    assert (due.pep_type, due.due_on) == ("termly", D(2025, 11, 28))
    CareEpisodeFactory(child=child, started_on=D(2025, 9, 15), legal_status="C2")
    child.episodes.filter(started_on=D(2024, 1, 10)).update(ended_on=D(2025, 3, 1))
    due = due_on(child, D(2025, 10, 1))
    assert (due.pep_type, due.due_on) == ("initial", D(2025, 9, 29))
    child.episodes.filter(started_on=D(2025, 9, 15)).delete()
    child.episodes.update(ended_on=None)
    EducationPlacementFactory(child=child, school=world.school, started_on=D(2025, 10, 6))
    due = due_on(child, D(2025, 10, 8))
    assert (due.pep_type, due.due_on) == ("change_of_school", D(2025, 10, 20))


def test_a_pep_started_after_midnight_on_the_day_of_a_move_answers_it(world):
    """A PEP answers a change of school when started on or after the move's day, in the
    service's time zone: 00:30 on 6 October 2025 in London is 23:30 UTC on the 5th."""
    from peps.models import Pep

    calendar_set_typical(la=world.la, years=[2025])
    child = world.unlinked_child
    EducationPlacementFactory(child=child, school=world.school, started_on=D(2025, 10, 6))
    pep = pep_initiate(child=child, actor=SYSTEM, day=D(2025, 10, 6))
    assert pep.pep_type == "change_of_school"
    started = datetime.datetime(2025, 10, 5, 23, 30, tzinfo=datetime.UTC)
    Pep.objects.filter(pk=pep.pk).update(status=Status.SIGNED_OFF, created_at=started)
    assert due_on(child, D(2025, 10, 8)).pep_type == "termly"
    Pep.objects.filter(pk=pep.pk).update(created_at=started - datetime.timedelta(hours=1))
    assert due_on(child, D(2025, 10, 8)).pep_type == "change_of_school"  # 23:30 the 5th


def _write_everything(pep, actor):
    section = pep.sections.get(key=Section.VOICE)
    pep_section_save(section=section, text="I want to do drama", revision=0, actor=actor)
    pep_target_add(
        pep=pep,
        actor=actor,
        data={
            "what": "Read a chapter book independently",
            "measure": "Reading age test",
            "by_when": D(2026, 3, 31),
            "who": "Class teacher",
            "pp_amount": "300",
            "category": "literacy",
        },
    )
    pep_meeting_save(
        pep=pep,
        meeting_on=D(2025, 11, 10),
        next_meeting_on=D(2026, 2, 10),
        attendees=[("Ms Head", "Designated teacher")],
        actor=actor,
    )


def test_workflow_with_a_different_role_at_each_step(world):
    calendar_set_typical(la=world.la, years=[2025])
    users = world.users
    pep = pep_initiate(child=world.child, actor=users["social_worker"], day=D(2025, 10, 1))
    assert pep.status == Status.NOT_STARTED and pep.pep_type == "termly"
    with pytest.raises(PermissionDenied):  # the carer writes only the carer's section
        pep_section_save(
            section=pep.sections.get(key=Section.TARGETS),
            text="x",
            revision=0,
            actor=users["carer"],
        )
    pep_section_save(
        section=pep.sections.get(key=Section.CARER),
        text="Reads with her nightly",
        revision=0,
        actor=users["carer"],
    )
    with pytest.raises(ValidationError):
        pep_submit(pep=pep, actor=users["designated_teacher"])
    _write_everything(pep, users["designated_teacher"])
    pep_submit(pep=pep, actor=users["designated_teacher"])
    with pytest.raises(ValidationError):
        pep_return(pep=pep, reason=" ", actor=users["education_support_advisor"])
    pep_return(pep=pep, reason="Targets need dates", actor=users["education_support_advisor"])
    assert pep.status == Status.RETURNED
    pep_submit(pep=pep, actor=users["designated_teacher"])
    ratings = {key: ("green", "") for key, _ in RUBRIC} | {"transitions": ("amber", "Add Y7")}
    pep_quality_assure(pep=pep, ratings=ratings, actor=users["education_support_advisor"])
    assert (pep.status, pep.quality_rating) == (Status.QUALITY_ASSURED, "amber")
    with pytest.raises(PermissionDenied):
        pep_sign_off(pep=pep, actor=users["education_support_advisor"])
    pep_sign_off(pep=pep, actor=users["virtual_school_head"])
    assert pep.locked
    with pytest.raises(PermissionDenied):
        pep_section_save(
            section=pep.sections.get(key=Section.VOICE),
            text="changed",
            revision=1,
            actor=users["virtual_school_head"],
        )
    new = pep_new_version(pep=pep, actor=users["social_worker"])
    assert (new.version, new.previous, new.status) == (2, pep, Status.IN_PROGRESS)
    assert new.sections.get(key=Section.VOICE).text == "I want to do drama"
    pep.refresh_from_db()
    assert pep.status == Status.SIGNED_OFF and pep.sections.get(key=Section.VOICE).revision == 1


def test_two_editors_of_one_section_never_lose_text(world):
    calendar_set_typical(la=world.la, years=[2025])
    pep = pep_initiate(child=world.child, actor=SYSTEM, day=D(2025, 10, 1))
    first = PepSection.objects.get(pep=pep, key=Section.VOICE)
    second = PepSection.objects.get(pep=pep, key=Section.VOICE)  # opened at the same time
    pep_section_save(
        section=first,
        text="From the social worker",
        revision=first.revision,
        actor=world.users["social_worker"],
    )
    with pytest.raises(PepConflict) as conflict:
        pep_section_save(
            section=second,
            text="From the teacher",
            revision=second.revision,
            actor=world.users["designated_teacher"],
        )
    assert conflict.value.section.updated_by == world.users["social_worker"]
    assert PepSection.objects.get(pk=first.pk).text == "From the social worker"


def test_pep_compliance_command(world):
    calendar_set_typical(la=world.la, years=[2025])
    pep_initiate(child=world.child, actor=SYSTEM, day=D(2025, 10, 1))
    out = io.StringIO()
    call_command("pep_compliance", "--la", "330", "--on", "2025-12-01", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "child_id,pep_type,due_date,status,overdue"
    rows = {line.split(",")[0]: line for line in lines[1:]}
    assert rows[world.child.la_child_id].endswith("termly,2025-11-28,not_started,true")
    assert rows[world.unlinked_child.la_child_id].endswith("termly,2025-11-28,not_started,true")
    assert list(rows) == sorted(rows)


def test_next_pep_evaluates_the_previous_targets_before_it_is_submitted(world):
    from peps.models import Pep, PepTarget
    from peps.services import pep_target_evaluate, previous_pep

    calendar_set_typical(la=world.la, years=[2025])
    first = pep_initiate(child=world.child, actor=SYSTEM, day=D(2025, 10, 1))
    target = PepTarget.objects.create(
        pep=first, what="Read daily", measure="Log", by_when=D(2025, 12, 1), who="Carer"
    )
    Pep.objects.filter(pk=first.pk).update(status=Status.SIGNED_OFF)
    second = pep_initiate(child=world.child, actor=SYSTEM, day=D(2026, 1, 12))
    assert previous_pep(second) == first
    dt = world.users["designated_teacher"]
    _write_everything(second, dt)
    with pytest.raises(ValidationError, match="previous target"):
        pep_submit(pep=second, actor=dt)
    own = second.targets.first()
    with pytest.raises(ValidationError):  # only the previous plan's targets are evaluated
        pep_target_evaluate(target=own, outcome="met", pep=second, actor=dt)
    pep_target_evaluate(target=target, outcome="partly", pep=second, actor=dt)
    pep_submit(pep=second, actor=dt)
