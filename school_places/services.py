"""Writes for school place cases: opening one (by an officer, or a social worker's referral),
moving it on a step, applications and their decisions, closing it. Each atomic and validated;
the rules in school_places.rules."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.roles import Capability
from accounts.selectors import la_ids_with
from core.actors import as_user, is_system
from core.history import save_validated
from school_places.access import may_refer
from school_places.models import Application, Case, CaseStep
from school_places.rules import admission_authority, against_guidance, in_year_decision_due


def _officer(actor, la_id: int) -> bool:
    return is_system(actor) or la_id in la_ids_with(actor, Capability.MANAGE_SCHOOL_PLACES)


@transaction.atomic
def case_open(*, child, source: str, data: dict, day: datetime.date, actor) -> Case:
    """One open case per child at a time; a referral starts at the referral step."""
    if not may_refer(actor, child):
        raise PermissionDenied
    if Case.objects.filter(child=child, closed_on__isnull=True).exists():
        raise ValidationError("This child already has an open school place case.")
    case = Case(la_id=child.la_id, child=child, source=source, opened_on=day, **data)
    if source == Case.Source.REFERRAL:
        case.referred_by = as_user(actor)
    elif not is_system(actor):
        case.officer = actor
    save_validated(case, actor=actor)
    CaseStep.objects.create(case=case, step=Case.Step.REFERRAL, on=day, by=as_user(actor))
    return case


@transaction.atomic
def case_move(*, case: Case, step: str, day: datetime.date, note: str, actor) -> Case:
    if not _officer(actor, case.la_id):
        raise PermissionDenied
    if case.closed_on:
        raise ValidationError("The case is closed.")
    if step == Case.Step.CLOSED:
        raise ValidationError("Close the case with its outcome.")
    case.step = step
    if case.officer_id is None and not is_system(actor):
        case.officer = actor  # the officer who picks up a referral holds the case
    save_validated(case, actor=actor)
    CaseStep.objects.create(case=case, step=step, on=day, note=note, by=as_user(actor))
    return case


@transaction.atomic
def application_add(
    *, case: Case, school, sent_on: datetime.date, round: str, choice_reason: str, actor
) -> Application:
    """Its admission authority from GIAS; an in-year decision falls due 15 school days on; a
    school against the council's guidance needs a reason."""
    if not _officer(actor, case.la_id):
        raise PermissionDenied
    if against_guidance(case.la, school) and not choice_reason.strip():
        raise ValidationError(
            {
                "choice_reason": f"{school.name} is outside the council's school-"
                "choice guidance: say why it is the right school."
            }
        )
    authority, _ = admission_authority(school)
    due = in_year_decision_due(case.la, sent_on) if round == Application.Round.IN_YEAR else None
    application = Application(
        case=case,
        school=school,
        sent_on=sent_on,
        round=round,
        admission_authority=authority,
        decision_due=due,
        choice_reason=choice_reason.strip(),
    )
    save_validated(application, actor=actor)
    if case.step in (Case.Step.REFERRAL, Case.Step.SEARCH):
        case_move(
            case=case,
            step=Case.Step.APPLICATIONS,
            day=sent_on,
            note=f"Applied to {school.name}",
            actor=actor,
        )
    return application


@transaction.atomic
def application_decide(
    *, application: Application, decision: str, day: datetime.date, reason: str, actor
) -> Application:
    if not _officer(actor, application.case.la_id):
        raise PermissionDenied
    if decision == Application.Decision.REFUSED and not reason.strip():
        raise ValidationError({"reason": "Give the reason the school refused."})
    application.decision, application.decided_on, application.reason = decision, day, reason
    save_validated(application, actor=actor)
    if decision == Application.Decision.OFFERED:
        case_move(
            case=application.case,
            step=Case.Step.OFFER,
            day=day,
            note=f"Offered a place at {application.school.name}",
            actor=actor,
        )
    return application


@transaction.atomic
def case_close(*, case: Case, outcome: str, day: datetime.date, note: str, actor) -> Case:
    if not _officer(actor, case.la_id):
        raise PermissionDenied
    case.step, case.outcome, case.closed_on = Case.Step.CLOSED, outcome, day
    save_validated(case, actor=actor)
    CaseStep.objects.create(case=case, step=Case.Step.CLOSED, on=day, note=note, by=as_user(actor))
    return case
