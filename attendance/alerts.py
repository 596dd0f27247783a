"""Attendance and exclusion alerts (attendance.md, "Signals a Virtual School watches"), with the
LA's thresholds. An alert is (child, kind, since); recording an action closes that occurrence.

Computed from the weekly tallies and the last weeks of marks; kept for the pages by
attendance.kept_alerts, rebuilt in the transaction of each change and on each new day."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, Subquery

from accounts.roles import Role
from attendance.measures import absent_at_least, measures, percent_text
from attendance.models import (
    EXCLUDED_CODE,
    PART_TIME_CODE,
    RUN_CODES,
    AttendanceWeek,
    Exclusion,
    SessionMark,
)
from authorities.calendar import school_day_checker, school_days
from authorities.models import LocalAuthority, Term
from children.models import Child, EducationPlacement
from core.sql import one_of

LOOKBACK = datetime.timedelta(days=70)  # exclusions


def _recent(la) -> datetime.timedelta:
    """Marks read for runs of N/O, E marks and data gaps: four weeks, or more for a long gap."""
    return datetime.timedelta(days=max(28, 3 * la.data_gap_school_days))


def _c2_lookback(la) -> datetime.timedelta:
    return datetime.timedelta(weeks=la.part_time_alert_weeks + 4)


class Kind:
    EXCLUSION = "exclusion"
    E_MARK = "e_mark"
    PERSISTENT = "persistent_absence"
    DROP = "attendance_drop"
    MISSING = "missing_education"
    PART_TIME = "part_time"
    DATA_GAP = "data_gap"


LABELS = {
    Kind.EXCLUSION: "Excluded or suspended",
    Kind.E_MARK: "Excluded with no alternative provision (E mark)",
    Kind.PERSISTENT: "Persistent absence this term",
    Kind.DROP: "Attendance fell since last term",
    Kind.MISSING: "May be missing education",
    Kind.PART_TIME: "Part-time timetable or under 25 hours",
    Kind.DATA_GAP: "No marks received",
}
# Who must act on attendance and exclusion alerts (core/home.py says on which children).
ATTENDANCE_ALERT_ROLES = {
    Role.VIRTUAL_SCHOOL_HEAD,
    Role.TEAM_MANAGER,
    Role.EDUCATION_SUPPORT_ADVISOR,
    Role.SOCIAL_WORKER,
}
SOCIAL_WORKER_KINDS = {Kind.EXCLUSION, Kind.E_MARK, Kind.MISSING}


@dataclass
class AttendanceAlert:
    child: Child
    kind: str
    since: datetime.date
    detail: str

    @property
    def label(self) -> str:
        return LABELS[self.kind]


def compute_alerts(children, today: datetime.date) -> list[AttendanceAlert]:
    """Every alert of these children (a Child queryset) on the roll today, actioned or not, from
    the facts. The pages read the kept copy (attendance.kept_alerts), which this rebuilds."""
    by_la: dict[int, list[int]] = defaultdict(list)
    for pk, la_id in children.on_roll(today).values_list("pk", "la_id"):
        by_la[la_id].append(pk)
    las = LocalAuthority.objects.in_bulk(list(by_la))
    found: list[AttendanceAlert] = []
    for la_id, ids in by_la.items():
        found += _for_la(las[la_id], OnRoll(la_id, ids), today)
    return found


class OnRoll(Mapping):
    """An LA's children on the roll by id, in the order given, each made only when an alert
    names it, as a Child of that id and LA (the rest deferred): all an alert needs of it. Most
    children have no alert; made all at once with their LA, a grown roll's 25,410 children took
    0.8 to 1.2 s of the kept alerts' refresh after a day's marks, and their ids 0.1 s."""

    def __init__(self, la_id: int, ids: list[int]) -> None:
        self._la_id, self._ids, self._set = la_id, ids, set(ids)
        self._made: dict[int, Child] = {}

    def __getitem__(self, pk: int) -> Child:
        if pk not in self._made:
            if pk not in self._set:
                raise KeyError(pk)
            self._made[pk] = Child.from_db(None, ["id", "la_id"], [pk, self._la_id])
        return self._made[pk]

    def __contains__(self, pk) -> bool:
        return pk in self._set

    def __iter__(self):
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


def _for_la(la, kids: OnRoll, today) -> list[AttendanceAlert]:
    checker = school_day_checker(la)
    recent = _recent_summary(list(kids), today - _recent(la), today)
    alerts = _exclusions(kids, today)
    alerts += _e_marks(kids, recent)
    alerts += _term_alerts(la, kids, today)
    alerts += _missing(la, kids, recent)
    c2_marks = _recent_marks(list(kids), today - _c2_lookback(la), today, code=PART_TIME_CODE)
    alerts += _part_time(la, kids, c2_marks)
    alerts += _data_gap(la, kids, recent, today, checker)
    return alerts


def _recent_marks(ids, start, today, **filters) -> dict[int, list[tuple]]:
    rows = (
        SessionMark.objects.filter(child_id__in=one_of(ids), date__range=(start, today), **filters)
        .order_by("child_id", "date", "session")
        .values_list("child_id", "date", "session", "code")
    )
    marks: dict[int, list[tuple]] = defaultdict(list)
    for child_id, day, session, code in rows:
        marks[child_id].append((day, session, code))
    return marks


@dataclass
class Recent:
    """A child's recent marks as the alerts read them: the latest mark's day, and the days of
    the E marks and of the run of N or O marks the marks end with, each in order."""

    latest: datetime.date
    e_days: list[datetime.date] = field(default_factory=list)
    run: list[datetime.date] = field(default_factory=list)


def _recent_summary(ids, start, today) -> dict[int, Recent]:
    """Each child's Recent, without sending every mark to Python (a month of marks for 25,000
    children is a million rows): per child the latest mark and the last that is not N or O,
    each one step back along the marks' key; then only the E, N and O marks (indexed apart,
    SessionMark.Meta). Every mark after the last other one is N or O, so the run is those after
    it. For 25,410 children, with a MAX over every recent mark this took 640 to 700 ms, with
    the steps 490 to 515 ms."""
    marks = SessionMark.objects.filter(child_id__in=one_of(ids), date__range=(start, today))
    last = SessionMark.objects.filter(child=OuterRef("pk"), date__range=(start, today))
    last = last.order_by("-date", "-session")
    other = last.exclude(code__in=RUN_CODES)
    ends = Child.objects.filter(pk__in=one_of(ids)).annotate(
        latest=Subquery(last.values("date")[:1]),
        other_day=Subquery(other.values("date")[:1]),
        other_session=Subquery(other.values("session")[:1]),
    )
    found, cut = {}, {}
    for pk, latest, day, session in ends.order_by().values_list(
        "pk", "latest", "other_day", "other_session"
    ):
        if latest is not None:
            found[pk] = Recent(latest)
        if day is not None:
            cut[pk] = (day, session)
    rows = marks.filter(code__in=(EXCLUDED_CODE, *RUN_CODES)).order_by(
        "child_id", "date", "session"
    )
    for pk, day, session, code in rows.values_list("child_id", "date", "session", "code"):
        if code == EXCLUDED_CODE:
            found[pk].e_days.append(day)
        elif pk not in cut or (day, session) > cut[pk]:
            found[pk].run.append(day)
    return found


def _exclusions(kids, today) -> list[AttendanceAlert]:
    rows = Exclusion.objects.filter(child_id__in=one_of(kids), starts_on__gte=today - LOOKBACK)
    return [
        AttendanceAlert(
            kids[e.child_id],
            Kind.EXCLUSION,
            e.starts_on,
            f"{e.get_kind_display()}"
            + (f", {e.sessions} sessions" if e.sessions else "")
            + f", from {e.starts_on:%-d %B %Y}",
        )
        for e in rows
    ]


def _e_marks(kids, recent) -> list[AttendanceAlert]:
    alerts = []
    for pk, marks in recent.items():
        days = marks.e_days
        if days:
            alerts.append(
                AttendanceAlert(kids[pk], Kind.E_MARK, days[0], f"{len(days)} session(s) coded E")
            )
    return alerts


def _term_alerts(la, kids, today) -> list[AttendanceAlert]:
    terms = list(Term.objects.filter(la=la, starts_on__lte=today).order_by("-starts_on")[:2])
    if not terms:
        return []
    current = measures(list(kids), terms[0].starts_on, min(today, terms[0].ends_on))
    persistent = absent_at_least(la.persistent_absence_percent)  # one test for the cohort
    alerts = []
    for pk, tally in current.items():
        if persistent(tally):
            detail = f"Attendance {percent_text(tally.attendance_rate)} this term"
            alerts.append(AttendanceAlert(kids[pk], Kind.PERSISTENT, terms[0].starts_on, detail))
    if len(terms) == 2:
        alerts += _drops(
            la, kids, current, measures(list(kids), terms[1].starts_on, terms[1].ends_on), terms[0]
        )
    return alerts


def _drops(la, kids, current, previous, term) -> list[AttendanceAlert]:
    points = Decimal(la.attendance_drop_points) / 100
    alerts = []
    for pk, now in current.items():
        before = previous.get(pk)
        if before is None or now.attendance_rate is None or before.attendance_rate is None:
            continue
        if before.attendance_rate - now.attendance_rate >= points:
            detail = (
                f"{percent_text(before.attendance_rate)} last term, "
                f"{percent_text(now.attendance_rate)} this term"
            )
            alerts.append(AttendanceAlert(kids[pk], Kind.DROP, term.starts_on, detail))
    return alerts


def _missing(la, kids, recent) -> list[AttendanceAlert]:
    """The latest run of N or O marks, when it reaches the LA's threshold (default 10)."""
    need = la.consecutive_unexplained_absences
    alerts = []
    for pk, marks in recent.items():
        run = len(marks.run)
        if run >= need:
            detail = f"{run} sessions in a row coded N or O"
            alerts.append(AttendanceAlert(kids[pk], Kind.MISSING, marks.run[0], detail))
    return alerts


def _part_time(la, kids, c2_marks) -> list[AttendanceAlert]:
    """C2 marks in more than the LA's weeks (default 6) running up to the latest, or a
    placement under its minimum hours (default 25) a week."""
    alerts = []
    for pk, marks in c2_marks.items():
        weeks = sorted({_monday(day) for day, _, _ in marks}, reverse=True)
        run = 0
        expected = weeks[0]
        for monday in weeks:
            if monday != expected:
                break
            run, expected = run + 1, monday - datetime.timedelta(days=7)
        if run > la.part_time_alert_weeks:
            since = weeks[run - 1]
            alerts.append(
                AttendanceAlert(kids[pk], Kind.PART_TIME, since, f"C2 in {run} weeks running")
            )
    short = EducationPlacement.objects.filter(
        child_id__in=one_of(kids), ended_on__isnull=True, hours_per_week__lt=la.minimum_weekly_hours
    )
    for p in short:
        detail = f"{p.hours_per_week:g} hours a week of education"
        alerts.append(AttendanceAlert(kids[p.child_id], Kind.PART_TIME, p.started_on, detail))
    return alerts


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _data_gap(la, kids, recent, today, checker) -> list[AttendanceAlert]:
    """Children whose marks stopped: none in the LA's number of school days (default 5), though
    some before."""
    window = school_days(
        None, today - LOOKBACK, today - datetime.timedelta(days=1), checker=checker
    )
    need = la.data_gap_school_days
    if len(window) < need:
        return []
    cutoff = window[-need]
    alerts = []
    last_weeks = _last_weeks(kids)
    for pk in kids:  # in the children's order, not the database's
        week = last_weeks.get(pk)
        if week is None:
            continue
        marks = recent.get(pk)
        latest = marks.latest if marks else week
        if latest < cutoff:
            since = latest + datetime.timedelta(days=1)
            detail = f"Last mark {latest:%-d %B %Y}" if marks else "No marks for over four weeks"
            alerts.append(AttendanceAlert(kids[pk], Kind.DATA_GAP, since, detail))
    return alerts


def _last_weeks(kids) -> dict[int, datetime.date]:
    """Each child's latest week with marks (children with none left out): one step back along
    the weekly tallies' key per child. A MAX over them read every week of every child: 1.2
    million rows for the 31,000 children of the benchmark's grown LA."""
    latest = AttendanceWeek.objects.filter(child=OuterRef("pk")).order_by("-week_start")
    rows = (
        Child.objects.filter(pk__in=one_of(kids))
        .order_by()
        .annotate(last=Subquery(latest.values("week_start")[:1]))
    )
    return {pk: week for pk, week in rows.values_list("pk", "last") if week is not None}
