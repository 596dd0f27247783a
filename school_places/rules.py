"""The admissions clocks and who decides (School Admissions Code 2021; School Standards and
Framework Act 1998 s97A-C): each rule once, used by the pages, the services and the report."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from authorities.calendar import (
    add_school_days,
    add_working_days,
    school_days_between,
    working_days_between,
)

ONE_DAY = datetime.timedelta(days=1)
IN_YEAR_DECISION_SCHOOL_DAYS = 15  # the parent is told within 15 school days of applying

ACADEMY_WORDS = (
    "academy",
    "free school",
    "academies",
    "free schools",
    "studio",
    "university technical",
)
GOVERNING_BODY_WORDS = ("voluntary aided", "foundation")


def in_year_decision_due(la, sent_on: datetime.date, *, checker=None) -> datetime.date:
    """The 15th school day after the application was made (the day it was sent not counted),
    by the LA's calendar: terms, closure days and bank holidays."""
    return add_school_days(la, sent_on + ONE_DAY, IN_YEAR_DECISION_SCHOOL_DAYS, checker=checker)


def school_days_open(la, opened_on: datetime.date, today: datetime.date, *, checker=None) -> int:
    """A case's age: school days after the day it was opened, up to and including today."""
    return school_days_between(la, opened_on + ONE_DAY, today, checker=checker)


def admission_authority(school) -> tuple[str, bool]:
    """Who admits to the school, from GIAS's type, and whether the LA may direct it to admit a
    looked-after child (s97A: maintained schools; for an academy, the Secretary of State)."""
    kind = f"{school.type_group} {school.type_of_establishment}".lower()
    if any(word in kind for word in ACADEMY_WORDS):
        trust = f" ({school.trust_name})" if school.trust_name else ""
        return f"The academy trust{trust}", False
    if any(word in kind for word in GOVERNING_BODY_WORDS):
        return "The governing body", True
    return "The local authority", True


def against_guidance(la, school) -> bool:
    """Whether choosing the school goes against the council's school-choice guidance (a
    setting: the inspection outcomes it accepts without a recorded reason)."""
    accepted = {w.strip().lower() for w in la.school_choice_accepted.split(",") if w.strip()}
    return bool(accepted) and school.ofsted_rating.strip().lower() not in accepted


# --- Escalation: a direction to admit (s97A-C) or a request to the Secretary of State ---------
# "the period of seven days beginning with the day" it was consulted or given notice: that day
# is the first of the seven, so the period ends six days later and the next step may follow on
# the eighth.
SEVEN_DAYS = datetime.timedelta(days=7)


@dataclass(frozen=True)
class NextStep:
    what: str
    on: datetime.date | None  # None: waiting on someone else, no date of ours

    def overdue(self, today: datetime.date) -> bool:
        return self.on is not None and self.on < today


def period_ends(first_day: datetime.date) -> datetime.date:
    """The last day of a seven-day period beginning with `first_day`."""
    return first_day + SEVEN_DAYS - ONE_DAY


def direction_next(escalation) -> NextStep | None:
    """Consult the admission authority (it has seven days to reply); give written notice of
    the decision to direct; the school may refer to the Schools Adjudicator within seven days;
    then direct (after those seven days, or after the Adjudicator's determination)."""
    e = escalation
    if e.closed_on or e.directed_on:
        return None
    if not e.consulted_on:
        return NextStep("Consult the admission authority", e.started_on)
    if not e.notice_on:
        return NextStep(
            "Give written notice of the decision to direct", e.consulted_on + SEVEN_DAYS
        )
    if e.adjudicator_referred_on and not e.adjudicator_decided_on:
        return NextStep("Wait for the Schools Adjudicator's determination", None)
    if e.adjudicator_decided_on:
        return NextStep("Act on the Adjudicator's determination", e.adjudicator_decided_on)
    return NextStep("Direct the school to admit", e.notice_on + SEVEN_DAYS)


def sos_next(escalation, la) -> NextStep | None:
    """An academy: ask the Secretary of State (through the DfE's funding agency), then chase
    every so many working days (an LA setting) until a decision."""
    e = escalation
    if e.closed_on:
        return None
    if not e.requested_on:
        return NextStep("Ask the Secretary of State to direct the academy", e.started_on)
    last = max(d for d in (e.requested_on, e.chased_on) if d)
    return NextStep(
        "Chase the Secretary of State", add_working_days(last, la.sos_chase_working_days)
    )


def escalation_next(escalation, la) -> NextStep | None:
    if escalation.route == "direction":
        return direction_next(escalation)
    return sos_next(escalation, la)


# --- EHCPs across LA borders (SEND Regulations 2014 reg 15; SEND Code 9.81) -------------------
TRANSFER_WORKING_DAYS = 15
REVIEW_NOTICE = datetime.timedelta(weeks=6)
CONSULTATION_DAYS = datetime.timedelta(days=15)


def ehcp_transfer_due(moved_on: datetime.date, notified_on: datetime.date) -> datetime.date:
    """On the day of the move where the old LA had 15 working days' notice of it; otherwise
    within 15 working days beginning with the day it became aware of the move."""
    if working_days_between(notified_on, moved_on - ONE_DAY) >= TRANSFER_WORKING_DAYS:
        return moved_on
    return add_working_days(notified_on - ONE_DAY, TRANSFER_WORKING_DAYS)


def ehcp_review_notice_due(transferred_on: datetime.date) -> datetime.date:
    """The new LA tells the family when it will review the plan within six weeks beginning
    with the day the plan was transferred."""
    return transferred_on + REVIEW_NOTICE - ONE_DAY


def consultation_reply_due(sent_on: datetime.date) -> datetime.date:
    """A school named in the plan replies within 15 days (counted from the day it was sent)."""
    return sent_on + CONSULTATION_DAYS - ONE_DAY


def ehcp_next(transfer) -> NextStep | None:
    if transfer.closed_on:
        return None
    if not transfer.transferred_on:
        return NextStep(
            "The plan to be transferred", ehcp_transfer_due(transfer.moved_on, transfer.notified_on)
        )
    if not transfer.review_told_on:
        return NextStep(
            "The new LA to say when it will review", ehcp_review_notice_due(transfer.transferred_on)
        )
    return None


# --- Alternative provision, bespoke packages and part-time timetables -------------------------
REVIEW_EVERY = datetime.timedelta(weeks=6)
# DfE, "Registering an independent school": education of 18 hours a week or more is likely to
# be full time, which an unregistered provider may not give.
UNREGISTERED_FULL_TIME_HOURS = Decimal(18)


def package_flags(package, la, today: datetime.date) -> list[str]:
    """Why a package needs the officer: its review is overdue; fewer hours than the LA's
    full-time expectation; full-time education from an unregistered provider."""
    if package.ended_on:
        return []
    flags = []
    if package.review_on < today:
        flags.append("Review overdue")
    if package.kind != "part_time" and package.hours_a_week < la.minimum_weekly_hours:
        flags.append(f"Under {la.minimum_weekly_hours} hours a week")
    if package.provider == "unregistered" and package.hours_a_week >= UNREGISTERED_FULL_TIME_HOURS:
        flags.append("Full time at an unregistered provider")
    return flags


def package_flagged_q(la, today: datetime.date) -> Q:
    """package_flags in the database: the packages with at least one flag."""
    return Q(ended_on__isnull=True) & (
        Q(review_on__lt=today)
        | (~Q(kind="part_time") & Q(hours_a_week__lt=la.minimum_weekly_hours))
        | Q(provider="unregistered", hours_a_week__gte=UNREGISTERED_FULL_TIME_HOURS)
    )
