"""Roles and what each may do: the single source for docs/security.md's role x capability table.

Scope says which children a role reaches:
  LA      every child of the LA the role is held in;
  LINKED  children the person is linked to (social worker, IRO, carer);
  SCHOOL  children with a current education placement at the person's school, from any LA;
  NONE    no named child (aggregate figures only, or work that is not about the roll).
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models


class Role(models.TextChoices):
    VIRTUAL_SCHOOL_HEAD = "virtual_school_head", "Virtual School Head"
    TEAM_MANAGER = "team_manager", "Team manager"
    AREA_EDUCATION_OFFICER = "area_education_officer", "Area education officer"
    EDUCATION_SUPPORT_ADVISOR = "education_support_advisor", "Education support advisor"
    SCHOOL_PLACEMENT_OFFICER = "school_placement_officer", "School placement officer"
    PLAC_ADVISOR = "plac_advisor", "Previously looked-after children advisor"
    DEVELOPMENT_OFFICER = "development_officer", "Development officer"
    DATA_OFFICER = "data_officer", "Data officer"
    SOCIAL_WORKER = "social_worker", "Social worker"
    DESIGNATED_TEACHER = "designated_teacher", "Designated teacher"
    CARER = "carer", "Carer"
    IRO = "iro", "Independent reviewing officer"
    BOARD_MEMBER = "board_member", "Corporate parenting board member"
    PARTNER_STAFF = "partner_staff", "Partner organisation staff"


class Scope(StrEnum):
    LA = "la"
    LINKED = "linked"
    SCHOOL = "school"
    NONE = "none"


class Capability(StrEnum):
    VIEW_CHILD = "view_child"  # a named child's record, within scope
    VIEW_HEALTH = "view_health"  # SDQ, health notes, mental health (UK GDPR art. 9)
    VIEW_POSTCODES = "view_postcodes"  # home and placement postcodes
    VIEW_ACCESS_LOG = "view_access_log"  # who looked at a child's record
    MANAGE_USERS = "manage_users"  # invite, change roles, deactivate (own LA)
    IMPORT_DATA = "import_data"
    MANAGE_LA_SETTINGS = "manage_la_settings"
    VIEW_AGGREGATE = "view_aggregate"  # cohort-level figures with small numbers suppressed
    MANAGE_CASELOADS = "manage_caseloads"  # allocate children to education support advisors
    RECORD_PLACEMENTS = "record_placements"  # start and end education placements by hand
    RECORD_EXCLUSIONS = "record_exclusions"  # record suspensions and permanent exclusions
    MANAGE_SEN = "manage_sen"  # SEN status, EHC assessments, SDQ by hand; what the school sees
    MANAGE_FUNDING = "manage_funding"  # PP+ ledger, decisions, payment runs (overrides: VSH only)
    MANAGE_AREAS = "manage_areas"  # divide schools into areas and give them officers
    WORK_WITH_SCHOOLS = "work_with_schools"  # visits, actions, the designated teacher register
    MANAGE_SCHOOL_PLACES = "manage_school_places"  # school place cases, applications, escalation
    MANAGE_ADVICE = "manage_advice"  # the advice log for previously looked-after children
    MANAGE_ENRICHMENT = "manage_enrichment"  # activities, partners, consent, post-16 activity


C = Capability
_LA_STAFF_READ = {C.VIEW_CHILD, C.VIEW_AGGREGATE}

ROLE_SCOPE: dict[str, Scope] = {
    Role.VIRTUAL_SCHOOL_HEAD: Scope.LA,
    Role.TEAM_MANAGER: Scope.LA,
    Role.AREA_EDUCATION_OFFICER: Scope.LA,
    Role.EDUCATION_SUPPORT_ADVISOR: Scope.LA,
    Role.SCHOOL_PLACEMENT_OFFICER: Scope.LA,
    Role.PLAC_ADVISOR: Scope.NONE,
    Role.DEVELOPMENT_OFFICER: Scope.LA,
    Role.DATA_OFFICER: Scope.LA,
    Role.SOCIAL_WORKER: Scope.LINKED,
    Role.DESIGNATED_TEACHER: Scope.SCHOOL,
    Role.CARER: Scope.LINKED,
    Role.IRO: Scope.LINKED,
    Role.BOARD_MEMBER: Scope.NONE,
    # Sees only the bookings for their organisation's activities (enrichment.access).
    Role.PARTNER_STAFF: Scope.NONE,
}

ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.VIRTUAL_SCHOOL_HEAD: frozenset(
        _LA_STAFF_READ
        | {C.VIEW_HEALTH, C.VIEW_POSTCODES, C.VIEW_ACCESS_LOG, C.MANAGE_USERS}
        | {C.IMPORT_DATA, C.MANAGE_LA_SETTINGS, C.MANAGE_CASELOADS, C.RECORD_PLACEMENTS}
        | {C.RECORD_EXCLUSIONS, C.MANAGE_SEN, C.MANAGE_FUNDING, C.MANAGE_AREAS}
        | {C.WORK_WITH_SCHOOLS, C.MANAGE_SCHOOL_PLACES, C.MANAGE_ADVICE, C.MANAGE_ENRICHMENT}
    ),
    Role.TEAM_MANAGER: frozenset(
        _LA_STAFF_READ
        | {C.VIEW_HEALTH, C.VIEW_POSTCODES, C.VIEW_ACCESS_LOG, C.MANAGE_CASELOADS}
        | {C.RECORD_PLACEMENTS, C.RECORD_EXCLUSIONS, C.MANAGE_SEN, C.MANAGE_FUNDING}
        | {C.MANAGE_AREAS, C.WORK_WITH_SCHOOLS, C.MANAGE_SCHOOL_PLACES, C.MANAGE_ADVICE}
        | {C.MANAGE_ENRICHMENT}
    ),
    Role.AREA_EDUCATION_OFFICER: frozenset(_LA_STAFF_READ | {C.WORK_WITH_SCHOOLS}),
    Role.EDUCATION_SUPPORT_ADVISOR: frozenset(
        _LA_STAFF_READ
        | {C.VIEW_HEALTH, C.VIEW_POSTCODES, C.RECORD_PLACEMENTS, C.RECORD_EXCLUSIONS}
        | {C.MANAGE_SEN}
    ),
    Role.SCHOOL_PLACEMENT_OFFICER: frozenset(
        _LA_STAFF_READ | {C.VIEW_POSTCODES, C.RECORD_PLACEMENTS, C.MANAGE_SCHOOL_PLACES}
    ),
    Role.PLAC_ADVISOR: frozenset({C.VIEW_AGGREGATE, C.MANAGE_ADVICE}),
    Role.DEVELOPMENT_OFFICER: frozenset(_LA_STAFF_READ | {C.MANAGE_ENRICHMENT}),
    Role.DATA_OFFICER: frozenset(
        _LA_STAFF_READ | {C.MANAGE_USERS, C.IMPORT_DATA, C.RECORD_PLACEMENTS, C.RECORD_EXCLUSIONS}
    ),
    Role.SOCIAL_WORKER: frozenset({C.VIEW_CHILD, C.VIEW_HEALTH, C.VIEW_POSTCODES}),
    # Health and SEN detail reaches a school only by a recorded need-to-know decision
    # (sen.SenStatus.share_with_school; children/access.py adds view_health for that child).
    # Schools report their own exclusions of a child in care.
    Role.DESIGNATED_TEACHER: frozenset({C.VIEW_CHILD, C.RECORD_EXCLUSIONS}),
    Role.CARER: frozenset({C.VIEW_CHILD}),
    Role.IRO: frozenset({C.VIEW_CHILD, C.VIEW_HEALTH, C.VIEW_POSTCODES}),
    Role.BOARD_MEMBER: frozenset({C.VIEW_AGGREGATE}),
    Role.PARTNER_STAFF: frozenset(),
}

LA_SCOPED_ROLES = frozenset(r for r, s in ROLE_SCOPE.items() if s == Scope.LA)
LINKED_ROLES = frozenset(r for r, s in ROLE_SCOPE.items() if s == Scope.LINKED)
# Roles held in an LA (the assignment names one); a designated teacher's names a school instead.
ROLES_NEEDING_LA = frozenset(Role.values) - {Role.DESIGNATED_TEACHER}
ROLES_NEEDING_SCHOOL = frozenset({Role.DESIGNATED_TEACHER})


def capabilities_of(roles: set[str] | frozenset[str]) -> frozenset[Capability]:
    caps: set[Capability] = set()
    for role in roles:
        caps |= ROLE_CAPABILITIES[role]
    return frozenset(caps)
