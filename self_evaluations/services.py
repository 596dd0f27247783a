"""Writes for schools' self-evaluations: the LA's criteria, a school's answers, submitting for
review, and the review that turns the gaps into actions (visits.models.SchoolAction)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.roles import Capability
from accounts.selectors import la_ids_with
from core.actors import is_system
from core.history import save_validated
from self_evaluations.access import may_complete
from self_evaluations.models import Answer, Criterion, SelfEvaluation

# Drawn from councils' published checklists (Walsall's tool, Swindon's checklist; see docs).
DEFAULT_CRITERIA = (
    "A designated teacher who meets the criteria is in post and trained in the last two years",
    "Staff are trained in attachment and trauma-informed practice",
    "Up-to-date lists of the school's children in care (ours and other LAs') and previously "
    "looked-after children",
    "A joiner and leaver process for children in care, including records sent on time",
    "PEPs are held within 10 school days of a child joining or coming into care",
    "The child's voice is heard in their PEP and in decisions about them",
    "Pupil Premium Plus is spent against PEP targets and its impact reviewed",
    "Attendance and exclusions of children in care are monitored and acted on",
    "Governors are informed at least once a year (the designated teacher's report)",
)


def _staff(actor, la_id: int) -> bool:
    return is_system(actor) or la_id in la_ids_with(actor, Capability.WORK_WITH_SCHOOLS)


def _criteria(la) -> list[Criterion]:
    """The LA's active criteria, the defaults saved on first use."""
    if not la.se_criteria.exists():
        Criterion.objects.bulk_create(
            [Criterion(la=la, position=i, text=t) for i, t in enumerate(DEFAULT_CRITERIA, 1)]
        )
    return list(la.se_criteria.filter(active=True))


@transaction.atomic
def criteria_set(*, la, lines: list[str], actor) -> list[Criterion]:
    """Replace the template with these lines: a line kept keeps its criterion (and the answers
    given to it); a line gone is retired, never deleted, so old self-evaluations still read."""
    if not is_system(actor) and la.pk not in la_ids_with(actor, Capability.MANAGE_AREAS):
        raise PermissionDenied
    lines = [line.strip() for line in lines if line.strip()]
    if not lines:
        raise ValidationError({"criteria": "Enter at least one criterion."})
    existing = {c.text: c for c in la.se_criteria.all()}
    for position, text in enumerate(lines, 1):
        found = existing.pop(text, None) or Criterion(la=la, text=text)
        found.position, found.active = position, True
        save_validated(found, actor=actor)
    for retired in existing.values():
        retired.active = False
        save_validated(retired, actor=actor)
    return list(la.se_criteria.filter(active=True))


@transaction.atomic
def self_evaluation_start(*, la, school, day: datetime.date, actor) -> SelfEvaluation:
    evaluation = SelfEvaluation(la=la, school=school, started_on=day)
    if not may_complete(actor, evaluation):
        raise PermissionDenied
    if SelfEvaluation.objects.filter(la=la, school=school).exclude(status="reviewed").exists():
        raise ValidationError("This school already has a self-evaluation under way.")
    save_validated(evaluation, actor=actor)
    for criterion in _criteria(la):
        Answer.objects.create(evaluation=evaluation, criterion=criterion)
    return evaluation


@transaction.atomic
def self_evaluation_answers_save(*, evaluation: SelfEvaluation, answers: dict, actor) -> None:
    """`answers`: {answer pk: {rating, evidence, action, owner_name, deadline}}."""
    if not may_complete(actor, evaluation):
        raise PermissionDenied
    if evaluation.status == SelfEvaluation.Status.REVIEWED:
        raise ValidationError("This self-evaluation has been reviewed: start a new one.")
    for answer in evaluation.answers.select_for_update():
        for field, value in answers.get(answer.pk, {}).items():
            setattr(answer, field, value)
        save_validated(answer, actor=actor)


@transaction.atomic
def self_evaluation_submit(*, evaluation: SelfEvaluation, day: datetime.date, actor) -> None:
    if not may_complete(actor, evaluation):
        raise PermissionDenied
    unrated = [
        a.criterion.text for a in evaluation.answers.select_related("criterion") if not a.rating
    ]
    if unrated:
        raise ValidationError(f"Rate every criterion first: {len(unrated)} not rated yet.")
    evaluation.status, evaluation.submitted_on = SelfEvaluation.Status.SUBMITTED, day
    save_validated(evaluation, actor=actor)


@transaction.atomic
def self_evaluation_review(
    *, evaluation: SelfEvaluation, reaudit_on: datetime.date, day: datetime.date, actor
) -> int:
    """The officer's review with the school: every gap with an action becomes an open action
    (its owner and deadline, else the re-audit date); the re-audit date is set. Returns the
    number of actions made."""
    from visits.models import SchoolAction
    from visits.services import school_action_add

    if not _staff(actor, evaluation.la_id):
        raise PermissionDenied
    if evaluation.status != SelfEvaluation.Status.SUBMITTED:
        raise ValidationError("Only a submitted self-evaluation can be reviewed.")
    if reaudit_on <= day:
        raise ValidationError({"reaudit_on": "The re-audit date must be in the future."})
    made = 0
    for answer in evaluation.answers.exclude(rating=Answer.Rating.IN_PLACE).exclude(action=""):
        school_action_add(
            action=SchoolAction(
                la_id=evaluation.la_id,
                school_id=evaluation.school_id,
                what=answer.action,
                owner_name=answer.owner_name or "The designated teacher",
                due_on=answer.deadline or reaudit_on,
            ),
            actor=actor,
        )
        made += 1
    evaluation.status, evaluation.reviewed_on = SelfEvaluation.Status.REVIEWED, day
    evaluation.reaudit_on = reaudit_on
    evaluation.reviewed_by = None if is_system(actor) else actor
    save_validated(evaluation, actor=actor)
    return made
