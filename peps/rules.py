"""Who does what in a PEP (issue 5, workflow and roles). The social worker initiates and writes
the care sections; the designated teacher writes the school sections and submits; the carer
writes the carer's section; the IRO reads; the Virtual School (VSH, team managers, advisors)
may write any section, rates quality, returns or signs off (VSH and team managers)."""

from __future__ import annotations

from accounts.roles import Role
from children.access import child_roles
from peps.models import Section, Status

VIRTUAL_SCHOOL = {Role.VIRTUAL_SCHOOL_HEAD, Role.TEAM_MANAGER, Role.EDUCATION_SUPPORT_ADVISOR}
SIGN_OFF = {Role.VIRTUAL_SCHOOL_HEAD, Role.TEAM_MANAGER}
SW, DT, CARER = Role.SOCIAL_WORKER, Role.DESIGNATED_TEACHER, Role.CARER

SECTION_WRITERS: dict[str, set[str]] = {
    Section.VOICE: {SW, DT},
    Section.EDUCATION_HISTORY: {SW},
    Section.ATTENDANCE_ATTAINMENT: {DT},
    Section.SEN_WELLBEING: {DT},
    Section.TARGETS: {DT},
    Section.CARER: {CARER, SW},
    Section.LEISURE: {SW, CARER},
    Section.TRANSITIONS: {SW},
    Section.POST16: {DT, SW},
    Section.MEETING: {DT},
}
EDITABLE = {Status.NOT_STARTED, Status.IN_PROGRESS, Status.RETURNED}
# Every role with a part in a PEP: it runs them, writes a section or reads as the child's IRO.
PEP_ROLES = frozenset(VIRTUAL_SCHOOL.union(*SECTION_WRITERS.values(), {Role.IRO}))


def completed_by(key: str) -> str:
    """Who completes a section, as the task list names them ("Social worker or designated
    teacher"); the Virtual School may write any section and is not named."""
    names = [role.label for role in Role if role in SECTION_WRITERS[key]]
    return " or ".join([names[0], *(n[0].lower() + n[1:] for n in names[1:])])


def roles_for(user, pep) -> set[str]:
    return child_roles(user, pep.child)


def can_initiate(user, child) -> bool:
    return bool(child_roles(user, child) & (VIRTUAL_SCHOOL | {SW}))


def can_write(user, pep, key: str) -> bool:
    if pep.status not in EDITABLE:
        return False
    roles = roles_for(user, pep)
    return bool(roles & (VIRTUAL_SCHOOL | SECTION_WRITERS[key]))


# Each step of the workflow: the roles that take it and the states it is taken from. Pages,
# API and services all read this table (the API tells "not your step" from "not now" by it).
STEPS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "submit": (frozenset(VIRTUAL_SCHOOL | {DT}), frozenset(EDITABLE)),
    "review": (frozenset(VIRTUAL_SCHOOL), frozenset({Status.SUBMITTED})),  # return, or rate quality
    "sign_off": (frozenset(SIGN_OFF), frozenset({Status.QUALITY_ASSURED})),
}


def may_take(user, pep, step: str) -> bool:
    """Whether the person's role on this child takes this step at all (in some state)."""
    return bool(roles_for(user, pep) & STEPS[step][0])


def step_open(pep, step: str) -> bool:
    return pep.status in STEPS[step][1]


def can_submit(user, pep) -> bool:
    return step_open(pep, "submit") and may_take(user, pep, "submit")


def can_review(user, pep) -> bool:
    return step_open(pep, "review") and may_take(user, pep, "review")


def can_sign_off(user, pep) -> bool:
    return step_open(pep, "sign_off") and may_take(user, pep, "sign_off")


def can_revise(user, pep) -> bool:
    """A signed-off PEP is changed by starting a new version."""
    return pep.locked and not pep.next_versions.exists() and can_initiate(user, pep.child)
