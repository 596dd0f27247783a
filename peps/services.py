"""PEP workflow: initiate, write sections (optimistic locking), targets, submit, return,
quality-assure, sign off, and a new version of a signed-off PEP. Every change is in history."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from authorities.terms import calendar_set_typical
from children.models import Child
from children.roll.rules import nc_year
from core.actors import as_user, is_system
from core.history import save_validated
from peps import rules
from peps.clock import due_on
from peps.models import Pep, PepAttendee, PepSection, PepTarget, QualityReview, Section, Status

RUBRIC = (
    ("voice", "The child's voice is recorded"),
    ("previous_targets", "Previous targets are evaluated"),
    ("smart_targets", "Targets are SMART"),
    ("pp_costed", "Pupil Premium Plus is costed against targets"),
    ("current_data", "Attendance and attainment are current"),
    ("transitions", "Transitions are planned"),
    ("meeting", "Attendees and the next meeting date are recorded"),
)
RATING_SCALES = {
    "rag": ("green", "amber", "red"),
    "ofsted": ("outstanding", "good", "requires improvement", "inadequate"),
}
GOOD_OR_BETTER = {"green", "outstanding", "good"}


class PepConflict(Exception):
    """Someone saved the section after the editor opened it: nothing is lost or overwritten."""

    def __init__(self, section: PepSection):
        super().__init__("The section changed while you were editing it")
        self.section = section


class PepWrongState(PermissionDenied):
    """A step the person's role takes, asked for when the PEP is not in a state to take it (the
    API answers 409; the pages, which only offer steps that are open, a 403)."""


def _check(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _check_step(actor, pep: Pep, step: str, verb: str) -> None:
    """The role first (a person whose role never takes the step is refused whatever the
    state), then the state, which binds SYSTEM too."""
    _check(is_system(actor) or rules.may_take(actor, pep, step))
    if not rules.step_open(pep, step):
        raise PepWrongState(f"This PEP is {pep.get_status_display().lower()}: it cannot {verb} now")


def sections_for(child: Child, day: datetime.date) -> list[str]:
    keys = list(Section.values)
    if nc_year(child.date_of_birth, day) < 11:
        keys.remove(Section.POST16)  # post-16 plans start in Year 11
    return keys


@transaction.atomic
def pep_initiate(*, child: Child, actor, day: datetime.date | None = None) -> Pep:
    """Start the PEP due now for the child (initial, after a change of school, or termly)."""
    _check(is_system(actor) or rules.can_initiate(actor, child))
    day = day or timezone.localdate()
    due = due_on(child, day)
    if due is None:
        raise ValidationError("There is no term on this date in the LA's calendar.")
    if due.term is not None and due.term.pk is None:
        # The LA has no term dates for this school year: a PEP belongs to a stored term, so the
        # typical calendar becomes the LA's (shown on its settings page, replaced on import).
        calendar_set_typical(la=child.la, years=[due.term.academic_year])
        due = due_on(child, day)
    pep = Pep(
        child=child,
        pep_type=due.pep_type,
        term=due.term,
        due_on=due.due_on,
        created_by=as_user(actor),
    )
    save_validated(pep, actor=actor)
    PepSection.objects.bulk_create(PepSection(pep=pep, key=k) for k in sections_for(child, day))
    return pep


@transaction.atomic
def pep_section_save(*, section: PepSection, text: str, revision: int, actor) -> PepSection:
    """Save only if nobody saved since `revision` was read: one conditional UPDATE, the same on
    SQLite and PostgreSQL, so two editors never silently overwrite each other."""
    pep = section.pep
    _check(is_system(actor) or rules.can_write(actor, pep, section.key))
    changed = PepSection.objects.filter(pk=section.pk, revision=revision).update(
        text=text, revision=F("revision") + 1, updated_by=as_user(actor), updated_at=timezone.now()
    )
    fresh = PepSection.objects.select_related("updated_by").get(pk=section.pk)
    if not changed:
        raise PepConflict(fresh)
    fresh._history_user = as_user(actor)  # type: ignore[attr-defined]
    fresh.save(update_fields=["text"])  # one history row for this save
    if pep.status == Status.NOT_STARTED:
        _move(pep, Status.IN_PROGRESS, actor)
    return fresh


@transaction.atomic
def pep_target_add(*, pep: Pep, data: dict, actor) -> PepTarget:
    _check(is_system(actor) or rules.can_write(actor, pep, Section.TARGETS))
    target = PepTarget(pep=pep, **data)
    save_validated(target, actor=actor)
    if pep.status == Status.NOT_STARTED:
        _move(pep, Status.IN_PROGRESS, actor)
    return target


@transaction.atomic
def pep_target_evaluate(*, target: PepTarget, outcome: str, pep: Pep, actor) -> PepTarget:
    """Record whether a previous PEP's target was met, while writing the current PEP."""
    _check(is_system(actor) or rules.can_write(actor, pep, Section.TARGETS))
    earlier = previous_pep(pep)
    if earlier is None or target.pep_id != earlier.pk:
        raise ValidationError("Only the previous PEP's targets are evaluated here.")
    target.outcome = outcome
    save_validated(target, actor=actor)
    return target


@transaction.atomic
def pep_meeting_save(
    *, pep: Pep, meeting_on, next_meeting_on, attendees: list[tuple[str, str]], actor
) -> Pep:
    _check(is_system(actor) or rules.can_write(actor, pep, Section.MEETING))
    if next_meeting_on and meeting_on and next_meeting_on <= meeting_on:
        raise ValidationError({"next_meeting_on": "The next meeting must follow this one."})
    pep.meeting_on, pep.next_meeting_on = meeting_on, next_meeting_on
    save_validated(pep, actor=actor)
    pep.attendees.all().delete()
    PepAttendee.objects.bulk_create(PepAttendee(pep=pep, name=n, role=r) for n, r in attendees)
    return pep


def previous_pep(pep: Pep) -> Pep | None:
    """The plan this one follows: the version it revises, else the child's last signed-off PEP
    started before it. Its targets are evaluated in this one."""
    if pep.previous_id:
        return pep.previous
    return (
        Pep.objects.filter(
            child_id=pep.child_id, status=Status.SIGNED_OFF, created_at__lt=pep.created_at
        )
        .exclude(pk=pep.pk)
        .order_by("-created_at")
        .first()
    )


def missing_for_submit(pep: Pep) -> list[str]:
    """What a PEP needs before it can be submitted (mandatory parts)."""
    missing = []
    texts = {s.key: s.text.strip() for s in pep.sections.all()}
    if not texts.get(Section.VOICE):
        missing.append("Record the child's voice")
    if not pep.targets.exists():
        missing.append("Add at least one target")
    earlier = previous_pep(pep)
    if earlier and earlier.targets.filter(outcome="").exists():
        missing.append("Say whether each previous target was met")
    if not pep.meeting_on:
        missing.append("Record the PEP meeting date")
    if not pep.next_meeting_on:
        missing.append("Record the next meeting date")
    if _post16_plan_missing(pep, texts):
        missing.append("Complete the post-16 plan: the course or qualification aim, and next steps")
    return missing


def _post16_plan_missing(pep: Pep, texts: dict) -> bool:
    """In Years 12 and 13 the PEP is a post-16 PEP: its plan is part of it (team-work.md)."""
    from post16.models import Post16Plan
    from post16.rules import in_post16

    if Section.POST16 not in texts or not in_post16(pep.child, pep.due_on):
        return False
    plan = Post16Plan.objects.filter(pep=pep).first()
    return plan is None or not plan.complete


@transaction.atomic
def pep_submit(*, pep: Pep, actor) -> Pep:
    _check_step(actor, pep, "submit", "be submitted")
    missing = missing_for_submit(pep)
    if missing:
        raise ValidationError(missing)
    pep.submitted_at = timezone.now()
    pep = _move(pep, Status.SUBMITTED, actor)
    from funding.services import pp_requests_from_pep  # funding reads PEPs: import late

    pp_requests_from_pep(pep=pep, actor=actor)
    return pep


@transaction.atomic
def pep_return(*, pep: Pep, reason: str, actor) -> Pep:
    _check_step(actor, pep, "review", "be returned")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the PEP is returned."})
    pep.returned_reason = reason.strip()
    return _move(pep, Status.RETURNED, actor)


@transaction.atomic
def pep_quality_assure(*, pep: Pep, ratings: dict[str, tuple[str, str]], actor) -> Pep:
    """Ratings per rubric criterion: (rating, feedback). The overall rating is the lowest."""
    _check_step(actor, pep, "review", "be quality assured")
    scale = RATING_SCALES[pep.child.la.pep_quality_scale]
    missing = [label for key, label in RUBRIC if key not in ratings]
    wrong = [key for key, (rating, _) in ratings.items() if rating not in scale]
    if missing or wrong:
        raise ValidationError("Rate every criterion on the Virtual School's scale.")
    for key, (rating, feedback) in ratings.items():
        QualityReview.objects.update_or_create(
            pep=pep,
            criterion=key,
            defaults={"rating": rating, "feedback": feedback, "reviewed_by": as_user(actor)},
        )
    pep.quality_rating = max((r for r, _ in ratings.values()), key=scale.index)
    return _move(pep, Status.QUALITY_ASSURED, actor)


@transaction.atomic
def pep_sign_off(*, pep: Pep, actor) -> Pep:
    _check_step(actor, pep, "sign_off", "be signed off")
    pep.signed_off_at, pep.signed_off_by = timezone.now(), as_user(actor)
    pep = _move(pep, Status.SIGNED_OFF, actor)
    from funding.services import pp_release_for_pep  # funding reads PEPs: import late

    pp_release_for_pep(pep=pep, actor=actor)
    return pep


@transaction.atomic
def pep_new_version(*, pep: Pep, actor) -> Pep:
    """Changing a signed-off PEP: a copy to edit; the signed-off one stays as it was."""
    _check(is_system(actor) or rules.can_revise(actor, pep))
    new = Pep.objects.get(pk=pep.pk)
    new.pk, new.id = None, None
    new.version, new.previous, new.status = pep.version + 1, pep, Status.IN_PROGRESS
    new.created_by, new.created_at = as_user(actor), timezone.now()
    new.submitted_at = new.signed_off_at = new.signed_off_by = None
    new.quality_rating, new.returned_reason = "", ""
    save_validated(new, actor=actor)
    for s in pep.sections.all():
        PepSection.objects.create(pep=new, key=s.key, text=s.text)
    for t in pep.targets.all():
        PepTarget.objects.create(
            pep=new,
            what=t.what,
            measure=t.measure,
            by_when=t.by_when,
            who=t.who,
            pp_amount=t.pp_amount,
            category=t.category,
        )
    for a in pep.attendees.all():
        PepAttendee.objects.create(pep=new, name=a.name, role=a.role)
    return new


def _move(pep: Pep, status: str, actor) -> Pep:
    pep.status = status
    save_validated(pep, actor=actor)
    return pep


@dataclass
class PpSummary:
    total: Decimal
    by_category: dict[str, Decimal]


def pp_summary(pep: Pep) -> PpSummary:
    by: dict[str, Decimal] = {}
    for t in pep.targets.all():
        if t.pp_amount:
            by[t.category] = by.get(t.category, Decimal(0)) + t.pp_amount
    return PpSummary(sum(by.values(), Decimal(0)), by)
