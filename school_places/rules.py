"""The admissions clocks and who decides (School Admissions Code 2021; School Standards and
Framework Act 1998 s97A-C): each rule once, used by the pages, the services and the report."""

from __future__ import annotations

import datetime

from authorities.calendar import add_school_days, school_days_between

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
