"""The designated teacher's report to governors for a school and a school year, from what the
service holds: children in care on roll by year group and placing LA, PEPs, attendance,
exclusions, Pupil Premium Plus received and what it funded, and the DT's training. Every child
is "Pupil A", "Pupil B"...; no name, date of birth or identifier; counts below the suppression
threshold show as "c" (reports.figures, the DfE's convention)."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from string import ascii_uppercase

from reports.figures import Figure

DEFAULT_THRESHOLD = 5


@dataclass
class Pupil:
    letter: str
    year_group: str
    placing_la: str
    peps_signed_off: int
    latest_quality: str
    attendance: str
    suspensions: int
    progress: str  # the school's own judgements this year, subject by subject


@dataclass
class GovernorsReport:
    school: object
    year: str
    start: datetime.date
    end: datetime.date
    threshold: int
    pupils: list[Pupil] = field(default_factory=list)
    counts: list[Figure] = field(default_factory=list)
    pp_received: Decimal = Decimal("0")
    pp_funded: list[tuple[str, Decimal]] = field(default_factory=list)
    dt: object = None
    dt_events: list = field(default_factory=list)


def parse_year(label: str) -> tuple[datetime.date, datetime.date]:
    """ "2025-26" -> 1 September 2025 to 31 August 2026."""
    first, _, second = label.partition("-")
    if not (first.isdigit() and second.isdigit() and int(second) == (int(first) + 1) % 100):
        raise ValueError(f"Give the school year as 2025-26, not {label!r}")
    return datetime.date(int(first), 9, 1), datetime.date(int(first) + 1, 8, 31)


def year_label(day: datetime.date) -> str:
    """The school year containing the day, as "2025-26"."""
    from children.roll.rules import school_year

    first = school_year(day)
    return f"{first}-{(first + 1) % 100:02d}"


def governors_report(school, year: str, today: datetime.date) -> GovernorsReport:
    start, end = parse_year(year)
    last = min(end, today)
    report = GovernorsReport(school, year, start, end, _threshold(school))
    children = _children(school, start, last)
    report.pupils = [
        _pupil(letter, child, school, start, last)
        for letter, child in zip(_letters(), children, strict=False)
    ]
    report.counts = _counts(report.pupils)
    report.pp_received, report.pp_funded = _pp_plus(school, start, end)
    report.dt, report.dt_events = _training(school, start, end)
    return report


def _threshold(school) -> int:
    from authorities.models import LocalAuthority

    la = LocalAuthority.objects.filter(code=school.la_code).first()
    return la.small_number_suppression if la else DEFAULT_THRESHOLD


def _letters():
    for first in ("", *ascii_uppercase):
        for second in ascii_uppercase:
            yield first + second


def _children(school, start, last) -> list:
    """Children in care (any LA this service holds) with a placement at the school during the
    year, looked after on its first day there in the year; oldest first, then by record."""
    from children.models import Child, EducationPlacement

    found = []
    placements = EducationPlacement.objects.filter(school=school, started_on__lte=last).exclude(
        ended_on__lt=start
    )
    for p in placements.select_related("child__la").order_by("child__date_of_birth", "child_id"):
        day = max(p.started_on, start)
        if p.child not in found and Child.objects.filter(pk=p.child_id).on_roll(day).exists():
            found.append(p.child)
    return found


def _pupil(letter, child, school, start, last) -> Pupil:
    from attendance.measures import child_measures, percent_text
    from attendance.models import Exclusion
    from children.roll.rules import nc_year, nc_year_label
    from peps.models import Pep

    signed = Pep.objects.filter(
        child=child, status="signed_off", signed_off_at__date__range=(start, last)
    )
    latest = signed.order_by("-signed_off_at").first()
    tally = child_measures(child, start, last)
    suspensions = Exclusion.objects.filter(
        child=child, school=school, kind="suspension", starts_on__range=(start, last)
    ).count()
    return Pupil(
        letter,
        nc_year_label(nc_year(child.date_of_birth, last)),
        child.la.name,
        signed.count(),
        latest.quality_rating.capitalize() if latest else "None",
        percent_text(tally.attendance_rate) if tally.possible else "No marks",
        suspensions,
        _progress(child, start),
    )


def _progress(child, start) -> str:
    """ "Expected or better in 3 of 4 subjects", from the school's latest judgement per subject
    this school year (attainment imports)."""
    from attainment.models import AssessmentResult

    order = {"autumn": 0, "spring": 1, "summer": 2}
    latest: dict[str, tuple] = {}
    found = AssessmentResult.objects.filter(child=child, academic_year=start.year)
    for r in found.exclude(progress=""):
        if r.subject not in latest or order[r.term] > latest[r.subject][0]:
            latest[r.subject] = (order[r.term], r.progress)
    if not latest:
        return "No judgements recorded"
    good = sum(1 for _, p in latest.values() if p in ("expected", "above"))
    return f"Expected or better in {good} of {len(latest)} subjects"


def _counts(pupils: list[Pupil]) -> list[Figure]:
    n = len(pupils)
    figures = [Figure("on_roll", "Children in care on roll during the year", n)]
    for label, count in sorted(Counter(p.year_group for p in pupils).items()):
        figures.append(Figure(f"year {label}", label, count, of=n))
    for label, count in sorted(Counter(p.placing_la for p in pupils).items()):
        figures.append(Figure(f"la {label}", f"Placed by {label}", count, of=n))
    with_pep = sum(1 for p in pupils if p.peps_signed_off)
    figures.append(Figure("pep", "With a PEP signed off this year", with_pep, of=n))
    suspended = sum(1 for p in pupils if p.suspensions)
    figures.append(Figure("suspended", "Suspended at least once", suspended, of=n))
    return figures


def _pp_plus(school, start, end) -> tuple[Decimal, list[tuple[str, Decimal]]]:
    """Lines committed or paid to the school in the year, and what they funded (the PEP
    target's intervention; a termly release funds the PEP as a whole)."""
    from django.db.models import Sum

    from funding.models import PaymentLine
    from peps.models import PepTarget

    words = dict(PepTarget._meta.get_field("category").choices or [])
    lines = PaymentLine.objects.filter(school=school, created_at__date__range=(start, end))
    total = lines.aggregate(t=Sum("amount"))["t"] or Decimal("0")
    by = lines.values("category").annotate(t=Sum("amount")).order_by("category")
    return total, [(words.get(b["category"], "Termly release for the PEP"), b["t"]) for b in by]


def _training(school, start, end):
    from events.models import Booking
    from schools.models import DesignatedTeacher

    dt = DesignatedTeacher.objects.filter(school=school, ended_on__isnull=True).first()
    if dt is None:
        return None, []
    came = (
        Booking.objects.filter(
            attended=True, user__email__iexact=dt.email, event__starts_at__date__range=(start, end)
        )
        if dt.email
        else []
    )
    return dt, [b.event for b in came]
