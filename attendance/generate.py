"""Synthetic marks for demos and benchmarks: most children attend well; some are persistently
or severely absent; some are suspended, on part-time timetables, late, dual registered; schools
close now and then. Deterministic for a seed; written through the same writer as imports."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.db import transaction

from attendance.catalogue import Catalogue
from attendance.importers.marks import PlacementSchools
from attendance.models import Exclusion
from attendance.writer import Mark, Written, marks_write
from authorities.calendar import school_day_checker, school_days
from children.models import Child
from children.roll.loader import roll_entries

# (share of children, chance a session is missed, codes for missed sessions)
PROFILES = (
    (0.70, 0.03, "IIIMMRCNO"),
    (0.14, 0.09, "IIIMNOOGC"),
    (0.10, 0.18, "IINNOOGUM"),
    (0.03, 0.60, "NNOOOIGU"),
    (0.03, 0.05, "IMN"),  # part-time timetable: C2 most afternoons
)
PART_TIME = 4


@dataclass
class Generated:
    children: int
    marks: Written
    suspensions: int


def attendance_generate(
    *, la, start: datetime.date, end: datetime.date, seed: int, actor
) -> Generated:
    days = school_days(la, start, end, checker=school_day_checker(la))
    entries = roll_entries(Child.objects.filter(la=la), end)
    schools = PlacementSchools(la)
    closures = _closure_check(_closures(random.Random(seed), days), la)
    categories = _categories(end)
    marks: list[Mark] = []
    suspensions: list[Exclusion] = []
    # Profiles by shuffled rank, so even a small cohort has every kind of attender.
    ranks = list(range(len(entries)))
    random.Random(seed).shuffle(ranks)
    for entry, rank in zip(entries, ranks, strict=True):
        child = entry.child
        rng = random.Random(f"{seed}-{child.la_child_id}")
        profile = _profile(rank / len(entries))
        # Marks from when this period of care began: earlier, the Virtual School had no say.
        since = entry.looked_after_since or start
        mine = [d for d in days if d >= since]
        marks += _child_marks(rng, child, profile, mine, schools, closures, categories, suspensions)
    with transaction.atomic():
        written = marks_write(marks=marks, la=la, actor=actor, source=f"generated (seed {seed})")
        Exclusion.objects.bulk_create(suspensions, ignore_conflicts=True)
    return Generated(len(entries), written, len(suspensions))


def _categories(day: datetime.date) -> dict[str, int]:
    catalogue = Catalogue.load()
    return {code: catalogue.lookup(code, day).category for code in catalogue.codes()}  # type: ignore[union-attr]


def _closure_check(shares: dict[datetime.date, float], la):
    """closed(school id, day): whether that school closed that day. Which schools close is
    drawn from their URNs, never their database ids (which differ from one database to the
    next: the same seed must give the same marks everywhere)."""
    from schools.models import School

    urns = dict(School.objects.filter(education_placements__child__la=la).distinct()
                .values_list("pk", "urn"))  # fmt: skip

    def closed(school_id: int | None, day: datetime.date) -> bool:
        share = shares.get(day)
        return share is not None and urns.get(school_id, 0) % 100 < share * 100

    return closed


def _closures(rng: random.Random, days: list[datetime.date]) -> dict[datetime.date, float]:
    """A few unplanned closures (snow, heating): a share of schools closed each day."""
    picks = rng.sample(days, k=min(len(days), max(1, len(days) // 60)))
    return {day: rng.choice((0.05, 0.1, 0.3)) for day in picks}


def _profile(draw: float) -> int:
    total = 0.0
    for index, (share, _, _) in enumerate(PROFILES):
        total += share
        if draw < total:
            return index
    return 0


def _child_marks(rng, child, profile, days, schools, closures, categories, suspensions):
    _, miss, reasons = PROFILES[profile]
    excluded = _suspension(rng, child, days, schools, suspensions)
    dual = rng.random() < 0.02
    out: list[Mark] = []
    for day in days:
        school = schools.on(child.pk, day)
        closed = closures(school, day)
        for session in ("AM", "PM"):
            code = _code(rng, day, session, profile, miss, reasons, excluded, dual, closed)
            out.append((child.pk, day, session, code, categories[code], school))
    return out


def _code(rng, day, session, profile, miss, reasons, excluded, dual, closed) -> str:
    if closed:
        return "Y4"
    if day in excluded:
        return "E"
    if profile == PART_TIME and session == "PM":
        return "C2"
    if dual and day.weekday() == 4:
        return "D"
    if rng.random() < miss:
        return rng.choice(reasons)
    draw = rng.random()
    if draw < 0.02:
        return "L"
    if draw < 0.025:
        return rng.choice("VPWBK")
    if draw < 0.027:
        return "U"
    if draw < 0.028:
        return "-"
    return "/" if session == "AM" else "\\"


def _suspension(rng, child, days, schools, suspensions) -> set[datetime.date]:
    """About one child in twenty is suspended once, for one to three days."""
    if len(days) < 10 or rng.random() >= 0.05:
        return set()
    first = rng.randrange(len(days) - 5)
    length = rng.choice((1, 1, 2, 3))
    suspensions.append(
        Exclusion(
            child=child,
            school_id=schools.on(child.pk, days[first]),
            kind=Exclusion.Kind.SUSPENSION,
            starts_on=days[first],
            sessions=2 * length,
            reasons=[rng.choice(["DB", "VA", "PA", "DM", "OT"])],
            notes="Generated",
        )
    )
    return set(days[first : first + length])
