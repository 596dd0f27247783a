"""Demo data for the roll: caseloads, care reviews, missing episodes, placement history, school
notifications and the data-quality cases a real roll has (a closed school, an unknown URN)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from children.models import CareReview, Child, EducationPlacement, MissingEpisode
from notifications.models import SchoolNotification
from schools.models import School

ADVISORS = 6


def demo_roll_extras(
    rng: random.Random, la, kids: list[Child], schools: list[School], as_of: date
) -> None:
    _caseloads(rng, la, kids)
    _reviews_and_missing(rng, kids, as_of)
    # In a fixed order: the random choices below are drawn in this order, and PostgreSQL may
    # return an unordered join in any order (it did, once ids grew: the demo then differed).
    current = list(
        EducationPlacement.objects.filter(child__in=kids, ended_on__isnull=True)
        .select_related("school")
        .order_by("pk")
    )
    _part_time(rng, current)
    _history(rng, current, schools)
    _data_quality_cases(rng, la, current)
    _notifications(current, as_of)


def _caseloads(rng, la, kids) -> None:
    advisors = [_advisor(la, i) for i in range(1, ADVISORS)]
    demo = User.objects.filter(
        role_assignments__role=Role.EDUCATION_SUPPORT_ADVISOR,
        role_assignments__la=la,
        email__startswith="education-support-advisor.",
    ).first()
    pool = ([demo] * 2 if demo else []) + advisors
    for child in kids:
        child.education_support_advisor = rng.choice(pool) if rng.random() < 0.92 else None
        child.send_wellbeing_overlay = rng.random() < 0.1
    Child.objects.bulk_update(kids, ["education_support_advisor", "send_wellbeing_overlay"])


def _advisor(la, i: int) -> User:
    user, created = User.objects.get_or_create(
        email=f"advisor{i}.{la.code}@demo.invalid",
        defaults={
            "full_name": f"Advisor {i} ({la.name})",
            "job_title": "Education support advisor",
        },
    )
    if created:
        user.set_unusable_password()  # a colleague on the list, not a demo sign-in
        user.save()
    RoleAssignment.objects.get_or_create(user=user, role=Role.EDUCATION_SUPPORT_ADVISOR, la=la)
    return user


def _reviews_and_missing(rng, kids, as_of) -> None:
    reviews, missing = [], []
    for child in kids:
        for months in sorted(rng.sample(range(1, 24), rng.randint(0, 3))):
            reviews.append(
                CareReview(
                    child=child,
                    reviewed_on=as_of - timedelta(days=30 * months),
                    code=f"PN{rng.randint(0, 7)}",
                )
            )
        if rng.random() < 0.04:
            start = as_of - timedelta(days=rng.randint(5, 300))
            missing.append(
                MissingEpisode(
                    child=child,
                    kind=rng.choice("MA"),
                    started_on=start,
                    ended_on=start + timedelta(days=rng.randint(0, 4)),
                )
            )
    CareReview.objects.bulk_create(reviews, ignore_conflicts=True)
    MissingEpisode.objects.bulk_create(missing, ignore_conflicts=True)


def _part_time(rng, current) -> None:
    changed = []
    for placement in current:
        if placement.school_id and rng.random() < 0.05:
            placement.attendance_pattern = "part-time"
            placement.hours_per_week = Decimal(rng.choice([10, 12, 15, 20, 25]))
            changed.append(placement)
    EducationPlacement.objects.bulk_update(changed, ["attendance_pattern", "hours_per_week"])


def _history(rng, current, schools) -> None:
    """An earlier school for a third of children: a care history with moves in it."""
    earlier = []
    for placement in current:
        if rng.random() < 0.33 and placement.started_on.year > 2016:
            school = rng.choice(schools)
            start = placement.started_on - timedelta(days=rng.randint(200, 900))
            earlier.append(
                EducationPlacement(
                    child_id=placement.child_id,
                    school=school,
                    urn=school.urn,
                    provision_type="school",
                    started_on=start,
                    ended_on=placement.started_on - timedelta(days=1),
                    end_reason=rng.choice(
                        ["planned", "moved-placement", "unplanned", "transition"]
                    ),
                )
            )
    EducationPlacement.objects.bulk_create(earlier, ignore_conflicts=True)


def _data_quality_cases(rng, la, current) -> None:
    closed = School.objects.filter(la_code=la.code).order_by("-urn").first()
    if closed is not None:
        closed.status, closed.close_date = School.Status.CLOSED, date(2025, 8, 31)
        closed.save(update_fields=["status", "close_date"])
    with_school = [p for p in current if p.school_id]
    for placement in rng.sample(with_school, min(3, len(with_school))):
        placement.school, placement.urn = None, 999000 + rng.randint(1, 999)
        placement.save(update_fields=["school", "urn"])


def _notifications(current, as_of) -> None:
    recent = [p for p in current if p.school_id and (as_of - p.started_on).days < 120]
    SchoolNotification.objects.bulk_create(
        [
            SchoolNotification(
                child_id=p.child_id,
                school_id=p.school_id,
                placement=p,
                recipient=SchoolNotification.Recipient.HEADTEACHER,
                recipient_name=p.school.head_name or "The headteacher",
                method=SchoolNotification.Method.LETTER,
            )
            for p in recent
        ],
        ignore_conflicts=True,
    )
