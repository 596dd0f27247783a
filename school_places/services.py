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
from school_places.models import (
    Application,
    Case,
    CaseStep,
    EhcpConsultation,
    EhcpTransfer,
    Escalation,
    Package,
)
from school_places.rules import (
    REVIEW_EVERY,
    SEVEN_DAYS,
    admission_authority,
    against_guidance,
    in_year_decision_due,
)


def _officer(actor, la_id: int) -> bool:
    return is_system(actor) or la_id in la_ids_with(actor, Capability.MANAGE_SCHOOL_PLACES)


def _must_be_officer(actor, la_id: int) -> None:
    if not _officer(actor, la_id):
        raise PermissionDenied


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


# --- Escalation ----------------------------------------------------------------------------
ESCALATION_STEPS = {
    # step: (route, the field it dates, what the case history says)
    "consulted": ("direction", "consulted_on", "Consulted the admission authority"),
    "reply": ("direction", "reply_on", "The admission authority replied"),
    "notice": ("direction", "notice_on", "Gave written notice of the decision to direct"),
    "referred": ("direction", "adjudicator_referred_on", "Referred to the Schools Adjudicator"),
    "determined": ("direction", "adjudicator_decided_on", "The Schools Adjudicator decided"),
    "directed": ("direction", "directed_on", "Directed the school to admit"),
    "requested": ("sos", "requested_on", "Asked the Secretary of State to direct the academy"),
    "chased": ("sos", "chased_on", "Chased the Secretary of State"),
}


@transaction.atomic
def escalation_start(*, application: Application, day: datetime.date, actor) -> Escalation:
    """A refused application (or one past its decision date): a direction where the LA may
    direct the school, otherwise a request to the Secretary of State."""
    case = application.case
    _must_be_officer(actor, case.la_id)
    waiting_too_long = (
        not application.decision and application.decision_due and (application.decision_due < day)
    )
    if application.decision != Application.Decision.REFUSED and not waiting_too_long:
        raise ValidationError("Escalate a refusal, or an application past its decision date.")
    if case.escalations.filter(application=application, closed_on__isnull=True).exists():
        raise ValidationError("This application is already being escalated.")
    _, may_direct = admission_authority(application.school)
    route = Escalation.Route.DIRECTION if may_direct else Escalation.Route.SECRETARY_OF_STATE
    escalation = Escalation(case=case, application=application, route=route, started_on=day)
    save_validated(escalation, actor=actor)
    case_move(
        case=case,
        step=Case.Step.ESCALATION,
        day=day,
        note=f"{escalation.get_route_display()}: {application.school.name}",
        actor=actor,
    )
    return escalation


@transaction.atomic
def escalation_record(
    *, escalation: Escalation, step: str, day: datetime.date, note: str, actor
) -> Escalation:
    """Date one step, in the statute's order and not before its seven days have run."""
    _must_be_officer(actor, escalation.case.la_id)
    if escalation.closed_on:
        raise ValidationError("This escalation is closed.")
    route, field, said = ESCALATION_STEPS.get(step, (None, None, ""))
    if route != escalation.route or field is None:
        raise ValidationError({"step": "That step is not part of this escalation."})
    _check_order(escalation, step, day)
    setattr(escalation, field, day)
    if step == "directed":
        escalation.outcome, escalation.closed_on = Escalation.Outcome.DIRECTED, day
    save_validated(escalation, actor=actor)
    detail = f"{said} ({escalation.application.school.name})" + (f": {note}" if note else "")
    CaseStep.objects.create(
        case=escalation.case,
        step=Case.Step.ESCALATION,
        on=day,
        note=detail[:500],
        by=as_user(actor),
    )
    return escalation


def _check_order(e: Escalation, step: str, day: datetime.date) -> None:
    if day < e.started_on:
        raise ValidationError({"day": "A step cannot come before the escalation started."})
    needs = {
        "reply": "consulted_on",
        "notice": "consulted_on",
        "referred": "notice_on",
        "determined": "adjudicator_referred_on",
        "directed": "notice_on",
        "chased": "requested_on",
    }
    if step in needs and not getattr(e, needs[step]):
        raise ValidationError({"step": "Record the earlier step first."})
    if step == "notice" and e.consulted_on and not e.reply_on:
        notice_from = e.consulted_on + SEVEN_DAYS
        if day < notice_from:
            raise ValidationError(
                {
                    "day": "The admission authority has seven days to reply: give "
                    f"notice from {notice_from:%-d %B %Y}."
                }
            )
    if step == "directed":
        _check_direction(e, day)


def _check_direction(e: Escalation, day: datetime.date) -> None:
    if e.adjudicator_referred_on and not e.adjudicator_decided_on:
        raise ValidationError({"step": "Wait for the Schools Adjudicator's determination."})
    direct_from = e.notice_on + SEVEN_DAYS if e.notice_on else None
    if direct_from and not e.adjudicator_referred_on and day < direct_from:
        raise ValidationError(
            {
                "day": "The school may refer to the Adjudicator for seven days: "
                f"direct from {direct_from:%-d %B %Y}."
            }
        )


@transaction.atomic
def escalation_close(*, escalation: Escalation, outcome: str, day: datetime.date, actor):
    _must_be_officer(actor, escalation.case.la_id)
    escalation.outcome, escalation.closed_on = outcome, day
    save_validated(escalation, actor=actor)
    CaseStep.objects.create(
        case=escalation.case,
        step=Case.Step.ESCALATION,
        on=day,
        note=f"Escalation ended: {escalation.get_outcome_display()}",
        by=as_user(actor),
    )
    return escalation


# --- Alternative provision, bespoke packages and part-time timetables ------------------------
@transaction.atomic
def package_add(*, child, data: dict, actor) -> Package:
    """A review date defaults to six weeks from the start; a part-time timetable must carry
    one (the model's rule), and so must every package."""
    _must_be_officer(actor, child.la_id)
    values = dict(data)
    if not values.get("review_on") and values.get("starts_on"):
        values["review_on"] = values["starts_on"] + REVIEW_EVERY
    package = Package(la_id=child.la_id, child=child, **values)
    save_validated(package, actor=actor)
    return package


@transaction.atomic
def package_review(
    *, package: Package, reviewed_on: datetime.date, next_review_on, hours_a_week, actor
) -> Package:
    _must_be_officer(actor, package.la_id)
    if package.ended_on:
        raise ValidationError("This package has ended.")
    package.last_reviewed_on = reviewed_on
    package.review_on = next_review_on or reviewed_on + REVIEW_EVERY
    if package.review_on <= reviewed_on:
        raise ValidationError({"next_review_on": "The next review must be after this one."})
    if hours_a_week is not None:
        package.hours_a_week = hours_a_week
    save_validated(package, actor=actor)
    return package


@transaction.atomic
def package_end(*, package: Package, day: datetime.date, actor) -> Package:
    _must_be_officer(actor, package.la_id)
    if day < package.starts_on:
        raise ValidationError({"day": "A package cannot end before it started."})
    package.ended_on = day
    save_validated(package, actor=actor)
    return package


# --- EHCPs across LA borders ---------------------------------------------------------------
@transaction.atomic
def ehcp_transfer_add(*, child, data: dict, actor) -> EhcpTransfer:
    _must_be_officer(actor, child.la_id)
    transfer = EhcpTransfer(la_id=child.la_id, child=child, **data)
    save_validated(transfer, actor=actor)
    return transfer


@transaction.atomic
def ehcp_transfer_update(*, transfer: EhcpTransfer, data: dict, actor) -> EhcpTransfer:
    """Date the transfer, the new LA's review notice, recoupment notes, or close it."""
    _must_be_officer(actor, transfer.la_id)
    for field, value in data.items():
        setattr(transfer, field, value)
    if transfer.transferred_on and transfer.transferred_on < transfer.notified_on:
        raise ValidationError({"transferred_on": "The plan cannot move before the LA knew."})
    if transfer.review_told_on and not transfer.transferred_on:
        raise ValidationError({"review_told_on": "Date the transfer first."})
    save_validated(transfer, actor=actor)
    return transfer


@transaction.atomic
def ehcp_consultation_add(
    *, transfer: EhcpTransfer, school, sent_on: datetime.date, actor
) -> EhcpConsultation:
    _must_be_officer(actor, transfer.la_id)
    consultation = EhcpConsultation(transfer=transfer, school=school, sent_on=sent_on)
    save_validated(consultation, actor=actor)
    return consultation


@transaction.atomic
def ehcp_consultation_reply(
    *, consultation: EhcpConsultation, replied_on, reply: str, note: str, actor
) -> EhcpConsultation:
    _must_be_officer(actor, consultation.transfer.la_id)
    if replied_on < consultation.sent_on:
        raise ValidationError({"replied_on": "A reply cannot come before the consultation."})
    consultation.replied_on, consultation.reply, consultation.note = replied_on, reply, note
    save_validated(consultation, actor=actor)
    return consultation


# --- Letter templates ----------------------------------------------------------------------
@transaction.atomic
def letter_template_save(*, la, kind: str, subject: str, body: str, actor):
    """The LA's own wording; a placeholder we do not fill is refused, not printed as is."""
    from school_places.letters import unknown_placeholders
    from school_places.models import LetterTemplate

    _must_be_officer(actor, la.pk)
    unknown = unknown_placeholders(subject + "\n" + body)
    if unknown:
        names = ", ".join(f"${name}" for name in unknown)
        raise ValidationError({"body": f"These placeholders are not ones we fill in: {names}"})
    template = LetterTemplate.objects.filter(la=la, kind=kind).first() or LetterTemplate(
        la=la, kind=kind
    )
    template.subject, template.body = subject, body
    save_validated(template, actor=actor)
    return template
