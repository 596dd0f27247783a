"""Enrichment and post-16 figures for the dashboard and the board's report (built by
reports.dashboard, so suppressed the same way), and the rows of `activity_report`.
Participation: a child who attended at least one session in the school year so far."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from operator import itemgetter
from typing import NamedTuple

from children.models import CareEpisode, Child
from children.roll.rules import nc_year_q, on_roll_days, school_year
from core.sql import one_of
from enrichment.models import Activity, Booking, Post16Check
from reports.child_facts import IS_UASC, KEY_STAGE_LABEL, LOCATION_LABEL, PK
from reports.figures import Breakdown, Figure, Section, children_figure

REPORT_COLUMNS = (
    "activity",
    "category",
    "starts_on",
    "where",
    "fund",
    "capacity",
    "booked",
    "waiting",
    "attended",
    "cost",
    "cost_per_participant",
    "wellbeing_change",
)


def year_start(day: datetime.date) -> datetime.date:
    return datetime.date(school_year(day), 9, 1)


def _attended(la, start: datetime.date, end: datetime.date):
    return Booking.objects.filter(
        activity__la=la,
        activity__starts_on__gte=start,
        activity__starts_on__lte=end,
        attended=True,
    ).select_related("activity", "evaluation")


def enrichment_section(la, children, as_of: datetime.date) -> Section:
    """`children`: those on the roll as the dashboard counts them (reports.child_facts)."""
    start = year_start(as_of)
    attended = list(_attended(la, start, as_of))
    ids = {c[PK] for c in children}
    took_part = {b.child_id for b in attended} & ids
    n = len(ids)
    section = Section("enrichment", "Enrichment activities")
    section.note = (
        f"Children on the roll who took part in at least one activity since {start:%-d %B %Y}."
    )
    section.figures = [
        children_figure(
            "enrichment.reach", "Took part in an activity this school year", took_part, of=n
        ),
        children_figure(
            "enrichment.uasc",
            "Unaccompanied asylum-seeking children who took part",
            [c[PK] for c in children if c[IS_UASC] and c[PK] in took_part],
            of=sum(c[IS_UASC] for c in children),
        ),
        _cost_per_participant(attended, took_part),
        _wellbeing(attended, took_part),
    ]
    section.breakdowns = [
        _share(
            "enrichment.ks",
            "Took part, by key stage",
            "Key stage",
            children,
            took_part,
            itemgetter(KEY_STAGE_LABEL),
        ),
        _share(
            "enrichment.where",
            "Took part, by where they go to school",
            "School",
            children,
            took_part,
            itemgetter(LOCATION_LABEL),
        ),
        _by_category(attended, took_part, n),
    ]
    return section


def _share(key, title, heading, children, took_part, label_of) -> Breakdown:
    groups: dict[str, list[int]] = defaultdict(list)
    for c in children:
        groups[label_of(c)].append(c[PK])
    rows = [
        children_figure(f"{key}.{label}", label, [pk for pk in pks if pk in took_part], of=len(pks))
        for label, pks in sorted(groups.items())
    ]
    return Breakdown(key, title, heading, rows, "")


def _by_category(attended, took_part, n) -> Breakdown:
    groups: dict[str, set[int]] = defaultdict(set)
    for b in attended:
        if b.child_id in took_part:
            groups[b.activity.get_category_display()].add(b.child_id)
    rows = [
        children_figure(f"enrichment.category.{label}", label, pks, of=n)
        for label, pks in sorted(groups.items())
    ]
    return Breakdown("enrichment.category", "Took part, by kind of activity", "Kind", rows, "count")


def wellbeing_change(booking) -> int | None:
    """After minus before on the scale of 10, where the evaluation has both."""
    evaluation = getattr(booking, "evaluation", None)
    if evaluation is None or not evaluation.wellbeing_before or not evaluation.wellbeing_after:
        return None
    return evaluation.wellbeing_after - evaluation.wellbeing_before


def _cost_per_participant(attended, took_part) -> Figure:
    activities = {b.activity_id: b.activity for b in attended}
    cost = sum((a.cost for a in activities.values()), Decimal(0))
    value = (cost / len(took_part)).quantize(Decimal("0.01")) if took_part else None
    return Figure(
        "enrichment.cost_per_participant", "Cost per participant", None, unit="pounds", value=value
    )


def _wellbeing(attended, took_part) -> Figure:
    """An average over the children evaluated: suppressed by how many children lie behind it."""
    pairs = [(b, wellbeing_change(b)) for b in attended if b.child_id in took_part]
    scored = [(b, c) for b, c in pairs if c is not None]
    changes = [c for _, c in scored]
    value = (
        (Decimal(sum(changes)) / len(changes)).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if changes
        else None
    )
    return Figure(
        "enrichment.wellbeing",
        "Average change in wellbeing (scale of 10, after minus before)",
        None,
        unit="points",
        value=value,
        children=tuple(sorted({b.child_id for b, _ in scored})),
        listable=False,
    )


def activity_rows(la, year: int) -> list[tuple]:
    """One row per activity starting in the school year (September to August), by date."""
    start, end = datetime.date(year, 9, 1), datetime.date(year + 1, 8, 31)
    found = Activity.objects.filter(la=la, starts_on__gte=start, starts_on__lte=end)
    rows = []
    for a in found.order_by("starts_on", "title").prefetch_related("bookings__evaluation"):
        bookings = list(a.bookings.all())
        statuses = [b.status for b in bookings]
        came = [b for b in bookings if b.attended]
        changes = [c for c in (wellbeing_change(b) for b in came) if c is not None]
        rows.append(
            (
                a.title,
                a.get_category_display(),
                a.starts_on.isoformat(),
                a.get_where_display(),
                a.get_fund_display(),
                a.capacity,
                statuses.count("booked"),
                statuses.count("waiting"),
                len(came),
                a.cost,
                (a.cost / len(came)).quantize(Decimal("0.01")) if came else "",
                round(sum(changes) / len(changes), 1) if changes else "",
            )
        )
    return rows


class CheckRow(NamedTuple):
    """What the dashboard reads of a monthly check, without a model instance each."""

    activity: str
    neet_reason: str


def post16_checks(child_ids, as_of: datetime.date) -> dict[int, CheckRow]:
    """Each young person's check for the month of the day, or the month before."""
    month = as_of.replace(day=1)
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    found = Post16Check.objects.filter(
        child_id__in=one_of(child_ids), month__in=[previous, month]
    ).order_by("month")
    rows = found.values_list("child_id", *CheckRow._fields)
    return {pk: CheckRow(*rest) for pk, *rest in rows}  # the later month wins


def eet_by_month(la, as_of: datetime.date, *, kept: bool = True) -> list[Figure]:
    """Each month of the school year so far: of the young people in Years 12 and 13 on the
    roll on the 1st, those whose check that month says education, employment or training.
    (Unchecked counts as not known, so not in EET.) Who was on the roll on each 1st is read
    from what is kept for today (`kept`, enrichment.kept_post16), and counted with the checks
    in the database; for another day, or not `kept`, worked out over their care episodes
    (years_12_and_13). A constant number of queries, whatever the roll or the month."""
    from enrichment.kept_post16 import kept_post16_months

    months = list(month_starts(as_of))
    found = kept_post16_months(la, as_of) if kept else None
    if found is None:
        sizes, eet = _worked_out(la, as_of, months)
    else:
        sizes, eet = _counted(la, found, months)
    return [
        Figure(
            f"post16.eet_month.{month:%Y-%m}",
            f"{month:%B %Y}",
            len(eet[month]),
            of=sizes.get(month, 0),
            children=tuple(sorted(eet[month])),
        )
        for month in months
    ]


def _eet_checks(la, months):
    return Post16Check.objects.filter(child__la=la, month__in=months).exclude(activity="neet")


def _worked_out(la, as_of: datetime.date, months) -> tuple[dict, dict]:
    """(children on the roll on each 1st, those of them in EET that month), the roll's rule
    applied here."""
    cohorts: dict[datetime.date, set[int]] = {month: set() for month in months}
    for pk, (_, days) in years_12_and_13(Child.objects.filter(la=la), as_of).items():
        for month in days:
            cohorts[month].add(pk)
    eet: dict[datetime.date, set[int]] = {m: set() for m in months}
    for child_id, month in _eet_checks(la, months).values_list("child_id", "month"):
        if child_id in cohorts[month]:
            eet[month].add(child_id)
    return {m: len(c) for m, c in cohorts.items()}, eet


def _counted(la, kept, months) -> tuple[dict, dict]:
    """The same from the kept rows (a queryset of KeptPost16Month): their count each month,
    and the EET checks of a young person kept for that month."""
    from django.db.models import Count, Exists, OuterRef

    sizes = dict(kept.order_by().values_list("month").annotate(n=Count("pk")))
    on_roll = kept.filter(child=OuterRef("child"), month=OuterRef("month"))
    eet: dict[datetime.date, set[int]] = {m: set() for m in months}
    rows = _eet_checks(la, months).filter(Exists(on_roll)).order_by()
    for child_id, month in rows.values_list("child_id", "month"):
        eet[month].add(child_id)
    return sizes, eet


class Spell(NamedTuple):
    """What the roll's rule reads of a care episode, without a model instance each."""

    started_on: datetime.date
    ended_on: datetime.date | None
    legal_status: str


def years_12_and_13(children, as_of: datetime.date) -> dict[int, tuple[int, list]]:
    """Of these children (a queryset), those in Years 12 and 13 in as_of's school year, and
    the 1sts of its months to as_of on which each was on the roll (children.roll.rules
    .on_roll): {child: (their LA, those 1sts)}, none for a child on the roll on none."""
    year = children.filter(nc_year_q([12, 13], as_of)).order_by()
    born = year.values_list(
        "pk", "la_id", "date_of_birth", "la__count_short_breaks_as_looked_after"
    )
    episodes: dict[int, list[Spell]] = defaultdict(list)
    # In no order: the default (by the child's name) joined and sorted 6,500 rows for nothing.
    spells = (
        CareEpisode.objects.filter(child__in=year)
        .order_by()
        .values_list("child_id", "started_on", "ended_on", "legal_status")
    )
    for child_id, started, ended, legal in spells:
        episodes[child_id].append(Spell(started, ended, legal))
    months = list(month_starts(as_of))
    found = {}
    for pk, la_id, birth, breaks in born:
        days = on_roll_days(birth, episodes[pk], months, breaks)
        if days:
            found[pk] = (la_id, days)
    return found


def month_starts(as_of: datetime.date):
    """The 1sts of the months of as_of's school year, to as_of."""
    return _month_starts(year_start(as_of), as_of)


def _month_starts(first: datetime.date, last: datetime.date):
    month = first
    while month <= last:
        yield month
        month = (month + datetime.timedelta(days=32)).replace(day=1)
