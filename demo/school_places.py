"""Demo school place cases: one for most children without a school place, at every step, with
in-year applications (one decision overdue) and a closed case. Through the services."""

from __future__ import annotations

import datetime
import random
from datetime import date

from children.alerts import no_school_place_alerts
from children.models import Child
from core.actors import SYSTEM
from school_places.models import Application, Case
from school_places.services import (
    application_add,
    application_decide,
    case_close,
    case_move,
    case_open,
)
from schools.models import School

DAY = datetime.timedelta(days=1)
# How far each case has got, in turn (so a small demo still shows applications and a close):
# 2 applied, 4 closed, 3 offered, 1 searching, 0 a referral not yet picked up.
STAGES = (2, 4, 3, 1, 0)
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
