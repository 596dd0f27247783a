"""Demo PEPs as a council's look: most PEPs already due are signed off on time, some late,
some still unfinished (overdue); of those not yet due, some are under way at every step of
the workflow. Real councils report 70-90% of termly PEPs completed on time."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from authorities.terms import term_on
from children.models import Child
from children.roll.loader import roll_entries
from core.actors import SYSTEM
from imports.history import record_creations
from peps.compliance import dues
from peps.models import Pep, PepSection, PepTarget, PepType, Section, Status
from peps.services import pep_initiate, pep_meeting_save, pep_section_save, sections_for

VOICE = [
    "I like art and football. I want more help with spelling.",
    "I want to stay at this school with my friends.",
    "Maths is hard. I like it when Miss explains it again.",
    "I want to be a vet. I like science club.",
]
TARGETS = [
    ("Read a chapter book independently", "Reading age test", "literacy", 300),
    ("Know times tables to 12", "Weekly quiz scores", "numeracy", 250),
    ("Attend 95% of sessions this term", "Attendance record", "attendance", 0),
    ("Use the calm space plan when upset", "Behaviour log and check-ins", "semh", 400),
    ("Join an after-school club", "Club register", "enrichment", 150),
]
STATUSES = [
    Status.NOT_STARTED,
    Status.IN_PROGRESS,
    Status.IN_PROGRESS,
    Status.SUBMITTED,
    Status.RETURNED,
    Status.QUALITY_ASSURED,
]  # the steps before sign-off (signed-off PEPs are made by _signed_off, with their dates)


ON_TIME, LATE, STARTED = 0.75, 0.10, 0.10  # of the termly reviews already due
EARLY = 0.2  # of those not due yet: signed off ahead of the deadline


def demo_peps(rng: random.Random, la, as_of: date, share: float = 0.3) -> int:
    if term_on(la, as_of) is None:
        return 0
    entries = roll_entries(Child.objects.filter(la=la).select_related("la"), as_of, peps=True)
    signed, started = [], []
    for entry, item in dues(entries, as_of):
        due, draw = item.due, rng.random()
        passed = due.due_on <= as_of
        # Termly reviews are signed off in bulk; initial and change-of-school PEPs, the ones
        # the clock starts without warning, go through the workflow (some still open).
        termly = due.pep_type == PepType.TERMLY and due.term is not None and due.term.pk
        if termly and passed and draw < ON_TIME + LATE:
            signed.append(_signed_off(rng, entry.child, due, as_of, late=draw >= ON_TIME))
        elif termly and not passed and draw < EARLY:
            signed.append(_signed_off(rng, entry.child, due, as_of, late=False))
        elif draw < (ON_TIME + LATE + STARTED if passed else EARLY + share):
            started.append(entry.child)  # the rest have no PEP started at all
    _store_signed(signed, as_of)
    # Statuses in turn, so even a small demo has a PEP at every step of the workflow.
    for i, child in enumerate(started):
        pep = pep_initiate(child=child, actor=SYSTEM, day=as_of)
        _fill(rng, pep, STATUSES[i % len(STATUSES)], as_of)
    return len(signed) + len(started)


def _signed_off(rng: random.Random, child, due, as_of: date, *, late: bool) -> Pep:
    """A PEP signed off before its deadline (or a few days after, when `late`)."""
    if late:
        day = min(as_of, due.due_on + timedelta(days=rng.randint(1, 20)))
    else:  # on or before the deadline, and never after the demo's day
        day = min(as_of, due.due_on) - timedelta(days=rng.randint(0, 10))
    meeting = day - timedelta(days=rng.randint(3, 15))
    at = timezone.make_aware(datetime.combine(day, time(15, 0)))
    return Pep(child=child, pep_type=due.pep_type, term=due.term, due_on=due.due_on,
               status=Status.SIGNED_OFF, meeting_on=meeting,
               next_meeting_on=meeting + timedelta(days=90), submitted_at=at, signed_off_at=at,
               quality_rating=rng.choice(["green", "green", "green", "amber", "red"]),
               created_at=timezone.make_aware(datetime.combine(meeting, time(9, 0))))  # fmt: skip


def _store_signed(peps: list[Pep], as_of: date) -> None:
    """In bulk (most of the roll), each with its sections and a creation in its history."""
    Pep.objects.bulk_create(peps, batch_size=1000)
    record_creations(Pep, [p.pk for p in peps], actor=SYSTEM, reason="demo")
    sections = [
        PepSection(pep=pep, key=key, revision=1, text=_section_text(key, pep))
        for pep in peps
        for key in sections_for(pep.child, as_of)
    ]
    PepSection.objects.bulk_create(sections, batch_size=2000)


def _section_text(key: str, pep: Pep) -> str:
    if key == Section.VOICE:
        return VOICE[pep.child_id % len(VOICE)]
    return "Discussed and agreed at the PEP meeting."


def _fill(rng: random.Random, pep: Pep, status: str, as_of: date) -> None:
    if status == Status.NOT_STARTED:
        return
    voice = pep.sections.get(key=Section.VOICE)
    pep_section_save(section=voice, text=rng.choice(VOICE), revision=0, actor=SYSTEM)
    for what, measure, category, amount in rng.sample(TARGETS, 2):
        PepTarget.objects.create(
            pep=pep,
            what=what,
            measure=measure,
            by_when=as_of + timedelta(days=90),
            who="Designated teacher",
            pp_amount=amount,
            category=category if amount else "",
        )
    if status == Status.IN_PROGRESS:
        return
    meeting = as_of - timedelta(days=rng.randint(1, 20))
    pep_meeting_save(
        pep=pep,
        meeting_on=meeting,
        next_meeting_on=meeting + timedelta(days=90),
        attendees=[("Designated teacher", "School"), ("Social worker", "Children's services")],
        actor=SYSTEM,
    )
    PepSection.objects.filter(pep=pep, key=Section.ATTENDANCE_ATTAINMENT).update(
        text="Attendance and attainment reviewed at the meeting.", revision=1
    )
    submitted = timezone.make_aware(datetime.combine(meeting + timedelta(days=2), time(12, 0)))
    fields = {"status": status, "submitted_at": submitted}
    if status == Status.RETURNED:
        fields["returned_reason"] = "Targets need a measure and a date."
    if status in (Status.QUALITY_ASSURED, Status.SIGNED_OFF):
        fields["quality_rating"] = rng.choice(["green", "green", "amber", "red"])
    Pep.objects.filter(pk=pep.pk).update(**fields)


__all__ = ["demo_peps"]
