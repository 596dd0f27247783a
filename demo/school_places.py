"""Demo school place cases: one for most children without a school place, at every step, with
in-year applications (one decision overdue) and a closed case. Through the services."""

from __future__ import annotations

import datetime
import random
from datetime import date
from decimal import Decimal

from children.alerts import no_school_place_alerts
from children.models import Child
from core.actors import SYSTEM
from school_places.models import Application, Case
from school_places.rules import admission_authority
from school_places.services import (
    application_add,
    application_decide,
    case_close,
    case_move,
    case_open,
    ehcp_transfer_add,
    ehcp_transfer_update,
    escalation_record,
    escalation_start,
    package_add,
)
from schools.models import School

DAY = datetime.timedelta(days=1)
WEEK = datetime.timedelta(weeks=1)
# How far each case has got, in turn (so a small demo still shows applications and a close):
# 2 applied, 4 closed, 3 offered, 1 searching, 0 a referral not yet picked up, 5 refused and a
# direction to admit under way, 6 refused by an academy and the Secretary of State asked.
STAGES = (2, 4, 5, 6, 3, 1, 0)
REASONS = (
    "Moved to a new foster home out of the school's reach",
    "Excluded permanently; needs a new school",
    "New into care from another LA with no school place",
)


def demo_school_places(rng: random.Random, la, as_of: date) -> int:
    waiting = no_school_place_alerts(Child.objects.filter(la=la).select_related("la"), as_of)
    schools = list(
        School.objects.filter(la_code=la.code).exclude(ofsted_rating="").order_by("urn")[:20]
    )
    made = 0
    for n, alert in enumerate(waiting):
        if Case.objects.filter(child=alert.child, closed_on__isnull=True).exists():
            continue
        opened = max(alert.since, as_of - DAY * 60)
        case = case_open(
            child=alert.child,
            source=Case.Source.NO_PLACE,
            day=opened,
            data={"reason": rng.choice(REASONS), "care_placement": "Birmingham"},
            actor=SYSTEM,
        )
        _progress(rng, case, STAGES[n % len(STAGES)], schools, opened, as_of)
        made += 1
    return made


def _progress(rng, case, stage: int, schools, opened: date, as_of: date) -> None:
    if stage == 0 or not schools:
        return  # a referral nobody has picked up yet
    if stage in (5, 6):
        _escalate(case, stage, schools, opened, as_of)
        return
    case_move(
        case=case, step=Case.Step.SEARCH, day=opened + DAY * 2, note="Searching", actor=SYSTEM
    )
    if stage == 1:
        return
    school = rng.choice(schools)
    sent = opened + DAY * 5
    application = application_add(
        case=case,
        school=school,
        sent_on=sent,
        round=Application.Round.IN_YEAR,
        choice_reason="Near the carers' home",
        actor=SYSTEM,
    )
    if stage == 3 and application.decision_due and application.decision_due < as_of:
        application_decide(
            application=application,
            decision=Application.Decision.OFFERED,
            day=application.decision_due,
            reason="",
            actor=SYSTEM,
        )
    if stage == 4:
        case_close(
            case=case,
            outcome=Case.Outcome.AP,
            day=as_of - DAY,
            note="Alternative provision while a place is found",
            actor=SYSTEM,
        )


def _escalate(case, stage: int, schools, opened: date, as_of: date) -> None:
    """A refusal escalated: a maintained school consulted and given notice (the direction due
    soon), or an academy with the Secretary of State asked and chased."""
    may_direct = [s for s in schools if admission_authority(s)[1]]
    academies = [s for s in schools if not admission_authority(s)[1]]
    age = (as_of - case.child.date_of_birth).days // 365
    pool = [s for s in (may_direct if stage == 5 else academies) if _takes(s, age)]
    if not pool:
        return
    sent = opened + DAY * 3
    application = application_add(
        case=case,
        school=pool[0],
        sent_on=sent,
        round="in_year",
        choice_reason="Near the carers' home",
        actor=SYSTEM,
    )
    application_decide(
        application=application,
        decision=Application.Decision.REFUSED,
        day=sent + DAY * 7,
        reason="The year group is full",
        actor=SYSTEM,
    )
    started = sent + DAY * 8
    escalation = escalation_start(application=application, day=started, actor=SYSTEM)
    steps = (("consulted", 1), ("notice", 9)) if stage == 5 else (("requested", 2),)
    for step, after in steps:
        if started + DAY * after <= as_of:
            escalation_record(
                escalation=escalation, step=step, day=started + DAY * after, note="", actor=SYSTEM
            )


def _takes(school, age: int) -> bool:
    low, high = school.statutory_low_age, school.statutory_high_age
    return low is not None and high is not None and low <= age <= high


PACKAGES = (
    # kind, provider, hours, weeks since it started, weeks to review (negative: overdue)
    ("ap", "registered_ap", Decimal(25), 10, 2),
    ("bespoke", "unregistered", Decimal(15), 8, 4),
    ("part_time", "school", Decimal(12), 9, -3),
    ("part_time", "school", Decimal(18), 3, 3),
    ("ap", "unregistered", Decimal(20), 5, 1),
)
PROVIDERS = {"registered_ap": "Bridge Learning Centre", "unregistered": "Forest Skills CIC"}


def demo_packages_and_transfers(la, as_of: date) -> int:
    """AP, bespoke packages and part-time timetables for a few children on the roll (one
    review overdue, one unregistered provider full time), and two EHCP transfers (one whose
    clock has run out). Children drawn in a fixed order, none twice on a second build."""
    from children.models import EducationPlacement

    open_placements = (
        EducationPlacement.objects.filter(child__la=la, ended_on__isnull=True, school__isnull=False)
        .select_related("child", "school")
        .order_by("child__la_child_id")
    )
    chosen = [p for p in open_placements if not p.child.education_packages.exists()]
    made = 0
    for placement, (kind, provider, hours, weeks, review) in zip(
        chosen[::7], PACKAGES, strict=False
    ):
        package_add(
            child=placement.child,
            actor=SYSTEM,
            data={
                "kind": kind,
                "provider": provider,
                "hours_a_week": hours,
                "payer": "pp_plus",
                "provider_name": PROVIDERS.get(provider, placement.school.name),
                "provider_urn": placement.school.urn if provider == "school" else None,
                "checks": "Safeguarding policy, DBS checks and premises seen"
                if provider == "unregistered"
                else "",
                "starts_on": as_of - WEEK * weeks,
                "review_on": as_of + WEEK * review,
                "return_plan": "Build to full time over the term, then back to school",
            },
        )
        made += 1
    return made + _transfers(la, chosen[3::11][:2], as_of)


def _transfers(la, placements, as_of: date) -> int:
    made = 0
    for n, placement in enumerate(placements):
        if placement.child.ehcp_transfers.exists():
            continue
        moved = as_of - DAY * (30 if n == 0 else 10)
        transfer = ehcp_transfer_add(
            child=placement.child,
            actor=SYSTEM,
            data={
                "from_la_code": la.code,
                "to_la_code": "331",
                "paying_la_code": la.code,
                "send_officer": "A. Officer, send@coventry.example, 024 7600 0000",
                "moved_on": moved,
                "notified_on": moved - DAY * 2,
            },
        )
        if n == 0:
            ehcp_transfer_update(
                transfer=transfer, actor=SYSTEM, data={"transferred_on": moved + DAY * 10}
            )
        made += 1
    return made
