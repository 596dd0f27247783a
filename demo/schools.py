"""Demo work with schools: areas with their officers, the designated teacher register (some
trained, some lapsed, some missing), visits with actions, a network meeting with its register
and an upcoming refresher, and self-evaluations at each stage. Through the services."""

from __future__ import annotations

import datetime
import random
from datetime import date

from django.utils import timezone

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from core.actors import SYSTEM
from demo.names import FORENAMES, SURNAMES
from events.models import Booking, Event
from events.services import event_save, register_take
from schools.areas import area_save, area_schools_set, designated_teacher_save
from schools.models import Area, School
from schools.selectors import schools_with_our_children
from self_evaluations.models import SelfEvaluation
from self_evaluations.services import (
    self_evaluation_answers_save,
    self_evaluation_review,
    self_evaluation_start,
    self_evaluation_submit,
)
from visits.models import SchoolAction, SchoolVisit
from visits.services import school_action_done, school_visit_record

AREAS = ("North", "South", "East", "West")
DAY = datetime.timedelta(days=1)


def demo_school_work(rng: random.Random, la, as_of: date) -> int:
    """Returns how many schools the areas hold."""
    schools = list(schools_with_our_children(la, as_of).order_by("urn"))
    areas = _areas(la)
    for i, area in enumerate(areas):
        area_schools_set(area=area, schools=schools[i :: len(areas)], actor=SYSTEM)
    dt_user = User.objects.filter(
        role_assignments__role=Role.DESIGNATED_TEACHER, email__endswith=f".{la.code}@demo.invalid"
    ).first()
    for school in schools:
        _designated_teacher(rng, school, as_of, dt_user)
    _visits(rng, la, areas[0], as_of)
    _events(la, as_of, dt_user)
    _self_evaluations(rng, la, list(areas[0].schools.order_by("school__urn"))[:3], as_of)
    return len(schools)


def _areas(la) -> list[Area]:
    # The demo's own officer (who can sign in) has North; a colleague each other area.
    own = User.objects.get(email=f"area-education-officer.{la.code}@demo.invalid")
    areas = []
    for name in AREAS:
        officer = own if name == AREAS[0] else _officer(la, name)
        areas.append(
            area_save(
                area=Area.objects.filter(la=la, name=name).first() or Area(la=la, name=name),
                officers=[officer],
                actor=SYSTEM,
            )
        )
    return areas


def _officer(la, area: str) -> User:
    """A colleague for each other area (no sign-in: the demo's officer has North)."""
    email = f"aeo-{area.lower()}.{la.code}@demo.invalid"
    user, _ = User.objects.get_or_create(
        email=email, defaults={"full_name": f"{area} Area Officer"}
    )
    RoleAssignment.objects.get_or_create(user=user, role=Role.AREA_EDUCATION_OFFICER, la=la)
    return user


def _designated_teacher(rng, school: School, as_of: date, dt_user) -> None:
    mine = dt_user and dt_user.role_assignments.filter(school=school).exists()
    if not mine and rng.random() < 0.12:
        return  # about one school in eight has nobody recorded: the home page flags it
    name = dt_user.full_name if mine else f"{rng.choice(FORENAMES)} {rng.choice(SURNAMES)}"
    trained = None if rng.random() < 0.1 else as_of - DAY * rng.randint(20, 1100)
    designated_teacher_save(
        school=school,
        actor=SYSTEM,
        data={
            "name": name,
            "email": dt_user.email if mine else "",
            "telephone": "",
            "started_on": as_of - DAY * rng.randint(200, 2500),
            "qualified_teacher": True,
            "trained_on": trained,
        },
    )


def _visits(rng, la, area: Area, as_of: date) -> None:
    officer = area.officers.first()
    for member in area.schools.select_related("school").order_by("school__urn"):
        for n in range(rng.randint(0, 3)):
            visit = SchoolVisit(
                la=la,
                school=member.school,
                visited_on=as_of - DAY * (30 + 90 * n),
                kind=rng.choice(SchoolVisit.Kind.values),
                judgement=rng.choices(SchoolVisit.Judgement.values, [6, 3, 1])[0],
                people_met="The designated teacher",
                notes="Reviewed PEPs.",
            )
            due = visit.visited_on + DAY * 42
            actions = [
                {
                    "what": "Update the list of children in care",
                    "owner": None,
                    "owner_name": "The designated teacher",
                    "due_on": due,
                }
            ]
            if rng.random() < 0.4:
                actions.append(
                    {
                        "what": "Check PP+ spending against PEP targets",
                        "owner": officer,
                        "owner_name": "",
                        "due_on": due,
                    }
                )
            school_visit_record(visit=visit, children=[], actions=actions, actor=SYSTEM)
    for action in SchoolAction.objects.filter(la=la, due_on__lt=as_of - DAY * 60):
        school_action_done(action=action, day=action.due_on, actor=SYSTEM)


def _events(la, as_of: date, dt_user) -> None:
    at = lambda day, hour: timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))  # noqa: E731
    past = event_save(
        event=Event(
            la=la,
            kind=Event.Kind.DT_NETWORK,
            title="Termly DT network",
            starts_at=at(as_of - DAY * 21, 9),
            ends_at=at(as_of - DAY * 21, 12),
            place="Council House",
            capacity=60,
            cpd_hours=3,
        ),
        actor=SYSTEM,
    )
    if dt_user:
        booking = Booking.objects.create(
            event=past, user=dt_user, school=dt_user.role_assignments.first().school
        )
        register_take(event=past, attended={booking.pk}, actor=SYSTEM)
    event_save(
        event=Event(
            la=la,
            kind=Event.Kind.REFRESHER,
            title="DT refresher training",
            starts_at=at(as_of + DAY * 30, 13),
            ends_at=at(as_of + DAY * 30, 16),
            place="Online",
            link="https://meet.example.org/dt-refresher",
            capacity=30,
            cpd_hours=3,
        ),
        actor=SYSTEM,
    )


def _self_evaluations(rng, la, members, as_of: date) -> None:
    stages = ("reviewed", "submitted", "with_school")
    members = [m for m in members if not SelfEvaluation.objects.filter(la=la, school=m.school)]
    for member, stage in zip(members, stages, strict=False):
        evaluation = self_evaluation_start(
            la=la, school=member.school, day=as_of - DAY * 40, actor=SYSTEM
        )
        ratings = {
            a.pk: {
                "rating": rng.choices(["in_place", "partly", "not_in_place"], [7, 2, 1])[0],
                "evidence": "Seen in school",
                "action": "Put it in place this term",
                "owner_name": "The DT",
            }
            for a in evaluation.answers.all()
        }
        if stage == "with_school":
            ratings = dict(list(ratings.items())[:4])
        self_evaluation_answers_save(evaluation=evaluation, answers=ratings, actor=SYSTEM)
        if stage != "with_school":
            self_evaluation_submit(evaluation=evaluation, day=as_of - DAY * 30, actor=SYSTEM)
        if stage == "reviewed":
            self_evaluation_review(
                evaluation=evaluation,
                day=as_of - DAY * 20,
                reaudit_on=as_of + DAY * 150,
                actor=SYSTEM,
            )
