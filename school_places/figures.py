"""School place figures for the dashboard and the board's report (built by
reports.dashboard, so suppressed the same way): children without a place by where their
casework is, the time from referral to starting school, escalations, and the packages below
full time."""

from __future__ import annotations

import datetime
from decimal import Decimal
from statistics import median

from django.db.models import Min, Q

from core.sql import one_of
from reports.child_facts import NO_SCHOOL_PLACE, PK
from reports.figures import Breakdown, Figure, Section, children_figure
from school_places.models import Case, Escalation, Package
from school_places.rules import school_days_open

ONE_YEAR = datetime.timedelta(days=365)
PLACED_WITHIN = 20  # school days: the Fair Access Protocol's measure of "in time"
HOUR_BANDS = (
    (10, "1. Under 10 hours"),
    (18, "2. 10 to under 18 hours"),
    (25, "3. 18 to under 25 hours"),
    (None, "4. 25 hours or more"),
)


def school_places_section(la, children, as_of: datetime.date) -> Section:
    """`children`: those on the roll as the dashboard counts them (reports.child_facts)."""
    ids = {c[PK] for c in children}
    waiting = [c[PK] for c in children if c[NO_SCHOOL_PLACE]]
    section = Section("places", "School places")
    section.note = (
        f"Started school: cases closed in the 12 months to {as_of:%-d %B %Y} with the child "
        f"starting; days are the LA's school days from the referral. In time: {PLACED_WITHIN} "
        "school days or fewer."
    )
    starts = _days_to_start(la, ids, as_of)
    within = [pk for pk, days in starts.items() if days <= PLACED_WITHIN]
    packages = _packages(la, ids, as_of)
    section.figures = [
        _median_figure(starts),
        children_figure(
            "places.in_time", f"Started within {PLACED_WITHIN} school days", within, of=len(starts)
        ),
        children_figure(
            "places.escalations",
            "With an escalation open (a direction or the Secretary of State)",
            _escalated(la, ids, as_of),
            of=len(ids),
        ),
        children_figure(
            "places.review_overdue",
            "With an AP, bespoke package or part-time timetable past its review date",
            {p.child_id for p in packages if p.review_on < as_of},
            of=len(ids),
        ),
        children_figure(
            "places.part_time",
            "On a part-time timetable",
            {p.child_id for p in packages if p.kind == "part_time"},
            of=len(ids),
        ),
    ]
    section.breakdowns = [
        Breakdown(
            "places.no_place_by_step",
            "Without a school place, by where the casework is",
            "Casework",
            _by_step(la, waiting, as_of, len(ids)),
            "count",
        ),
        Breakdown(
            "places.packages_by_hours",
            "In alternative provision, a bespoke package or a part-time timetable, by hours a week",
            "Hours a week",
            _by_hours(packages, len(ids)),
            "count",
        ),
    ]
    return section


def _median_figure(starts: dict[int, int]) -> Figure:
    value = median(starts.values()) if starts else None
    return Figure(
        "places.median_days",
        "Median school days from referral to starting school",
        None,
        unit="school days",
        value=None if value is None else Decimal(str(round(value, 1))),
        children=tuple(sorted(starts)),
    )


def _days_to_start(la, ids: set[int], as_of) -> dict[int, int]:
    """Each child whose case ended with them starting school in the year: the school days from
    the referral to the start (the dated 'started' step, else the close)."""
    cases = Case.objects.filter(
        la=la,
        child_id__in=one_of(ids),
        outcome=Case.Outcome.STARTED,
        closed_on__gt=as_of - ONE_YEAR,
        closed_on__lte=as_of,
    ).annotate(started=Min("steps__on", filter=Q(steps__step=Case.Step.STARTED)))
    from authorities.calendar import school_day_checker

    check = school_day_checker(la)
    found: dict[int, int] = {}
    for case in cases.order_by("closed_on", "pk"):
        start = case.started or case.closed_on or as_of
        found[case.child_id] = school_days_open(la, case.opened_on, start, checker=check)
    return found


def _escalated(la, ids: set[int], as_of) -> list[int]:
    # The LA's open escalations and packages are few: these read the LA's and keep ours in
    # Python, as a grown roll's 25,000 ids cost more to send than the rows.
    escalations = Escalation.objects.filter(case__la=la, started_on__lte=as_of).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=as_of)
    )
    found = escalations.order_by().values_list("case__child_id", flat=True)
    return sorted({pk for pk in found if pk in ids})


def _packages(la, ids: set[int], as_of) -> list[Package]:
    found = Package.objects.filter(la=la, starts_on__lte=as_of).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=as_of)
    )
    found = found.only("child_id", "kind", "hours_a_week", "review_on")
    return [p for p in found if p.child_id in ids]


def _by_step(la, waiting: list[int], as_of, total: int) -> list[Figure]:
    steps = dict(
        Case.objects.filter(la=la, child_id__in=one_of(waiting), opened_on__lte=as_of)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=as_of))
        .values_list("child_id", "step")
    )
    labels = dict(Case.Step.choices)
    buckets: dict[str, list[int]] = {}
    for pk in waiting:
        step = steps.get(pk)
        label = f"{_STEP_ORDER.get(step, 0)}. {labels[step]}" if step else "0. No case open"
        buckets.setdefault(label, []).append(pk)
    return [
        children_figure(f"places.no_place_by_step.{label}", label, pks, of=total)
        for label, pks in sorted(buckets.items())
    ]


_STEP_ORDER = {step: i for i, step in enumerate(Case.Step.values, start=1)}


def _by_hours(packages: list[Package], total: int) -> list[Figure]:
    buckets: dict[str, set[int]] = {}
    for p in packages:
        label = next(lab for limit, lab in HOUR_BANDS if limit is None or p.hours_a_week < limit)
        buckets.setdefault(label, set()).add(p.child_id)
    return [
        children_figure(f"places.packages_by_hours.{label}", label, sorted(pks), of=total)
        for label, pks in sorted(buckets.items())
    ]
