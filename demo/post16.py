"""Demo post-16: each Year 12 and 13 young person's PEPs carry a post-16 plan, and this
financial year's Post-16 Pupil Premium Plus line has requests: some approved by the advisor,
some above the advisor's limit waiting for (or decided by) the post-16 lead. A generator of its
own, so earlier draws stay as they were; through the services."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from accounts.models import RoleAssignment
from accounts.roles import Role
from children.models import Child
from children.roll.rules import nc_year_q
from core.actors import SYSTEM
from funding.eligibility import FinancialYear
from peps.models import Pep
from post16.models import Post16Grant
from post16.services import (
    post16_grant_save,
    post16_plan_save,
    post16_request_create,
    post16_request_decide,
)

COURSES = (
    ("City College", "A levels in English, history and psychology", "3"),
    ("City College", "T level in Digital Production, Design and Development", "3"),
    ("Northfield Sixth Form", "BTEC National in Sport", "3"),
    ("Midlands Training Partnership", "Level 2 Diploma in Carpentry", "2"),
    ("City College", "Functional skills and a Level 1 Certificate in Hospitality", "1"),
)
ASKS = (  # amount, purpose, what for: the last two are above the advisor's limit
    ("120", "course", "Revision guides and a scientific calculator"),
    ("260", "travel", "A bus pass for the autumn term"),
    ("180", "careers", "Interview clothes and travel to two university open days"),
    ("450", "equipment", "A laptop for coursework"),
    ("600", "tuition", "Ten hours of maths tuition before the resit"),
)


def demo_post16(la, as_of: date) -> int:
    if Post16Grant.objects.filter(la=la).exists():
        return 0
    rng = random.Random(int(la.code) + 16)
    young = list(
        Child.objects.filter(la=la)
        .on_roll(as_of)
        .filter(nc_year_q([12, 13], as_of))
        .select_related("la")
        .order_by("la_child_id")
    )
    plans = _plans(rng, young, as_of)
    return plans + _requests(rng, la, young, as_of)


def _plans(rng, young, as_of: date) -> int:
    peps = Pep.objects.filter(child__in=young, sections__key="post16").select_related("child")
    made = 0
    for pep in peps.order_by("pk"):
        provider, course, level = rng.choice(COURSES)
        awarded = rng.random() < 0.6
        post16_plan_save(
            pep=pep,
            actor=SYSTEM,
            data={
                "provider": provider,
                "course": course,
                "level": level,
                "attendance_percent": Decimal(rng.randint(62, 99)),
                "attendance_as_of": min(as_of, pep.due_on) - timedelta(days=7),
                "bursary": "awarded" if awarded else rng.choice(["applied", "not_applied"]),
                "bursary_amount": Decimal("1200") if awarded else None,
                "careers_guidance_on": min(as_of, pep.due_on) - timedelta(days=rng.randint(10, 90)),
                "careers_adviser": "Connexions adviser",
                "next_steps": rng.choice(
                    [
                        "University applications through UCAS",
                        "An apprenticeship in the spring",
                        "A Level 3 course next year",
                        "Work with training",
                    ]
                ),
            },
        )
        made += 1
    return made


def _requests(rng, la, young, as_of: date) -> int:
    staff = {
        a.role: a.user
        for a in RoleAssignment.objects.filter(
            la=la, role__in=[Role.TEAM_MANAGER, Role.EDUCATION_SUPPORT_ADVISOR]
        ).select_related("user")
    }
    grant = Post16Grant(
        la=la,
        year=FinancialYear.containing(as_of).label,
        allocation=Decimal(300 * max(len(young), 10)),
        advisor_limit_per_term=Decimal("300"),
        lead=staff.get(Role.TEAM_MANAGER),
    )
    post16_grant_save(grant=grant, actor=SYSTEM)
    advisor = staff.get(Role.EDUCATION_SUPPORT_ADVISOR, SYSTEM)
    for child in young[: max(3, len(young) // 3)]:
        amount, purpose, detail = rng.choice(ASKS)
        asked = post16_request_create(
            child=child,
            actor=advisor,
            day=as_of - timedelta(days=rng.randint(0, 20)),
            data={"amount": Decimal(amount), "purpose": purpose, "detail": detail},
        )
        _decide(rng, asked, advisor, staff.get(Role.TEAM_MANAGER))
    return grant.requests.count()


def _decide(rng, asked, advisor, lead) -> None:
    """Most of the advisor's are approved; the lead has decided half of the referred ones."""
    if asked.status == "pending" and rng.random() < 0.7:
        post16_request_decide(request=asked, approve=asked.amount, reason="", actor=advisor)
    elif asked.status == "referred" and lead is not None and rng.random() < 0.5:
        post16_request_decide(request=asked, approve=asked.amount, reason="", actor=lead)
