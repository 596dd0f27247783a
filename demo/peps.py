"""Demo PEPs in every status: last term's signed off, this term's spread across the workflow."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from authorities.terms import term_on
from children.models import Child
from core.actors import SYSTEM
from peps.models import Pep, PepSection, PepTarget, Section, Status
from peps.services import pep_initiate, pep_meeting_save, pep_section_save

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
    Status.SIGNED_OFF,
    Status.SIGNED_OFF,
]


def demo_peps(rng: random.Random, la, as_of: date, share: float = 0.3) -> int:
    term = term_on(la, as_of)
    if term is None:
        return 0
    children = list(Child.objects.filter(la=la).on_roll(as_of).order_by("la_child_id"))
    made = 0
    # Statuses in turn, so even a small demo has a PEP at every step of the workflow.
    for i, child in enumerate(rng.sample(children, k=int(len(children) * share))):
        pep = pep_initiate(child=child, actor=SYSTEM, day=as_of)
        _fill(rng, pep, STATUSES[i % len(STATUSES)], as_of)
        made += 1
    return made


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
    fields = {"status": status, "submitted_at": timezone.now()}
    if status == Status.RETURNED:
        fields["returned_reason"] = "Targets need a measure and a date."
    if status in (Status.QUALITY_ASSURED, Status.SIGNED_OFF):
        fields["quality_rating"] = rng.choice(["green", "green", "amber", "red"])
    if status == Status.SIGNED_OFF:
        fields["signed_off_at"] = timezone.now()
    Pep.objects.filter(pk=pep.pk).update(**fields)


__all__ = ["demo_peps"]
