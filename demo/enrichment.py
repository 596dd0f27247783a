"""Demo enrichment: a partner charity, activities across the year (past ones with the register
and evaluations, coming ones with a waiting list), media consent for some children, and this
month's post-16 checks (a few NEET). A generator of its own, so earlier draws stay as they
were; through the services."""

from __future__ import annotations

import datetime
import random
from datetime import date
from decimal import Decimal

from children.models import Child
from children.roll.rules import nc_year_q, school_year
from core.actors import SYSTEM
from enrichment.models import Activity, Partner, Post16Check
from enrichment.rules import eligible
from enrichment.services import (
    activity_save,
    attendance_record,
    booking_make,
    consent_record,
    consent_withdraw,
    evaluation_save,
    post16_check_record,
)

DAY = datetime.timedelta(days=1)
PROGRAMME = (  # title, category, days from 1 September, capacity, cost, by the partner
    ("Drumming workshop", "music", 40, 12, "240", True),
    ("Climbing taster", "sport", 75, 10, "400", False),
    ("Museum late", "culture", 120, 20, "0", True),
    ("Theatre trip", "arts", 170, 15, "600", True),
    ("Mindfulness in nature", "therapeutic", 230, 8, "320", False),
    ("Summer film school", "arts", 300, 6, "900", True),
)


def demo_enrichment(la, as_of: date) -> int:
    if Activity.objects.filter(la=la).exists():
        return 0
    rng = random.Random(int(la.code) + 18)
    partner, _ = Partner.objects.get_or_create(
        la=la, name="West Midlands Virtual School CiC Foundation"
    )
    children = list(
        Child.objects.filter(la=la)
        .on_roll(as_of)
        .select_related("la")
        .prefetch_related("episodes")
        .order_by("la_child_id")
    )
    start = date(school_year(as_of), 9, 1)
    for title, category, offset, capacity, cost, by_partner in PROGRAMME:
        day = start + DAY * offset
        activity = activity_save(
            actor=SYSTEM,
            activity=Activity(
                la=la,
                title=title,
                category=category,
                partner=partner if by_partner else None,
                starts_on=day,
                ends_on=day,
                place="Birmingham",
                where="in_la",
                capacity=capacity,
                min_year=3,
                max_year=13,
                groups=["cla"],
                cost=Decimal(cost),
                fund="charity" if by_partner else "other",
                leaders="Virtual School enrichment team",
            ),
        )
        _bookings(rng, activity, children, as_of)
    _consents(rng, children[::5], as_of)
    return Activity.objects.filter(la=la).count() + _post16(rng, la, as_of)


def _bookings(rng, activity, children, as_of: date) -> None:
    fits = [c for c in children if eligible(activity, c)]  # in care on the day, years 3 to 13
    for child in rng.sample(fits, min(len(fits), activity.capacity + 2)):
        booking = booking_make(
            activity=activity,
            child=child,
            needs_shared="",
            emergency_contact="Carer, 0121 000 0000",
            actor=SYSTEM,
        )
        if activity.starts_on < as_of and booking.status == "booked":
            came = rng.random() < 0.85
            attendance_record(booking=booking, attended=came, actor=SYSTEM)
            if came and rng.random() < 0.6:
                before = rng.randint(3, 7)
                evaluation_save(
                    booking=booking,
                    actor=SYSTEM,
                    data={
                        "wellbeing_before": before,
                        "wellbeing_after": min(10, before + rng.randint(0, 3)),
                        "child_words": rng.choice(
                            ["It was fun", "I want to go again", "Loud but good"]
                        ),
                    },
                )


def _consents(rng, children, as_of: date) -> None:
    """A consent for each; the first is withdrawn since (a register shows "No photographs")."""
    for n, child in enumerate(children):
        uses = rng.choice([[], ["internal"], ["internal", "website"]])
        consent = consent_record(
            child=child,
            actor=SYSTEM,
            data={
                "holder": "The carer (delegated authority in the placement plan)",
                "uses": uses,
                "not_identifiable": True,
                "given_on": as_of - DAY * 100,
            },
        )
        if n == 0:
            consent_withdraw(consent=consent, day=as_of - DAY * 10, actor=SYSTEM)


def _post16(rng, la, as_of: date) -> int:
    young = Child.objects.filter(la=la).on_roll(as_of).filter(nc_year_q([12, 13], as_of))
    made = 0
    # The first young people: one of each activity, NEET first (a small demo still has one).
    kinds = sorted(Post16Check.Activity.values, key=lambda k: k != "neet")
    for n, child in enumerate(young.order_by("la_child_id")):
        activity = (
            kinds[n]
            if n < len(kinds)
            else rng.choice(["college", "college", "sixth_form", "apprenticeship", "neet"])
        )
        reason = rng.choice(["seeking", "not_ready", "parent"]) if activity == "neet" else ""
        post16_check_record(
            child=child,
            month=as_of,
            actor=SYSTEM,
            data={"activity": activity, "neet_reason": reason, "checked_on": as_of},
        )
        made += 1
    return made
