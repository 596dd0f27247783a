"""The dashboard's children, kept per child for today (core.kept has the rule for keeping them
true): each child's answers to the dashboard's per-child rules (reports.child_facts), worked out
for the children a change touches. After a change to one child, the dashboard for a period to
today reads these lines instead of loading 25,000 children's histories again; other days are
worked out from the facts (reports.dashboard.build_dashboard)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Subquery
from django.utils import timezone

from children.roll.groups import CHILD_FIELDS
from children.roll.loader import roll_entries
from children.roll.rules import KeyStage
from core.kept import Keeper, kept_current, kept_scope
from imports.upsert import insert_rows
from reports.child_facts import STORED, DashboardChild, dashboard_child, facts
from reports.models import KeptDashboardLine

WHAT = "dashboard_lines"
# The line's columns, in the order of a child's facts (reports.child_facts.STORED); the child's
# LA and the school's LA and rating are joined in when read.
COLUMNS = ("child_id", "nc_year", "since", "uasc", "is_uasc", "legal", "sen", "need",
           "school_id", "school__la_code", "school__ofsted_rating", "provision_type", "without",
           "school_moves", "care_placements")  # fmt: skip


def kept_children(la, day: datetime.date) -> list[DashboardChild] | None:
    """The LA's children on the roll on `day` as the dashboard counts them, from the kept
    lines when they are kept for that day (today); None otherwise."""
    if day != timezone.localdate():
        return None
    kept_current(WHAT, {la.pk}, day)
    # In no order: every figure sorts its own children.
    rows = KeptDashboardLine.objects.filter(la=la).order_by().values_list(*COLUMNS)
    return [facts(pk, la.code, *rest) for pk, *rest in rows]


def kept_roll_count(la_id: int, today: datetime.date) -> int:
    """The LA's children on the roll today: one kept line each."""
    return roll_ids(la_id, today).count()


def roll_ids(la_id: int, day: datetime.date):
    """The LA's children on the roll on `day`, as a subquery of their ids: its kept lines for
    today (one a child on the roll, by the roll's rule, kept current here), the rule itself
    for another day. At 25,410 children the kept lines are read in a few ms, where the rule
    joins every care episode (45 ms of a query that counts the children at each school)."""
    if day != timezone.localdate():
        from children.models import Child

        return Child.objects.filter(la_id=la_id).on_roll(day).values("pk")
    kept_current(WHAT, {la_id}, day)
    return KeptDashboardLine.objects.filter(la_id=la_id).values("child_id")


def others_roll_ids(la_id: int, day: datetime.date) -> tuple:
    """Every other LA's children on the roll on `day`, as two subqueries of their ids with no
    child in common: for today, the kept lines of the LAs kept for it, and the roll's rule for
    the LAs that are not. Read both in one statement (a union), so an LA kept or forgotten
    meanwhile is read once, one way or the other. Nothing is rebuilt here (as in
    kept_placed_here): their own readers or the daily job do it. For another day, the rule
    alone (and no lines)."""
    from children.models import Child
    from core.models import KeptDay

    others = Child.objects.exclude(la_id=la_id).order_by()
    if day != timezone.localdate():
        return KeptDashboardLine.objects.none().values("child_id"), others.on_roll(day).values("pk")
    kept = KeptDay.objects.filter(what=WHAT, computed_for=day).values("la_id")
    lines = KeptDashboardLine.objects.exclude(la_id=la_id).filter(la_id__in=kept).order_by()
    return lines.values("child_id"), others.exclude(la_id__in=kept).on_roll(day).values("pk")


def kept_cohort_counts(children, day: datetime.date, whole=()) -> tuple[list, list, list]:
    """The roll's cohort page's counts (children.roll.cohort) for these children on the roll
    today, from their kept lines, counted in the database: (NC year, children, UASC of them),
    (looked after since, children) and (at a school in the child's LA: True, False, or None
    for no school, children). The time-in-care band and the labels are the caller's rules,
    applied to these few rows (a day since falls in one band)."""
    from django.db.models import Q

    scope, la_ids = kept_scope(children, whole)
    kept_current(WHAT, la_ids, day)
    lines = KeptDashboardLine.objects.filter(scope).order_by()
    uasc = Count("pk", filter=Q(is_uasc=True))
    years = lines.values_list("nc_year").annotate(n=Count("pk"), uasc=uasc)
    since = lines.values_list("since").annotate(n=Count("pk"))
    places = lines.values_list("la__code", "school__la_code").annotate(
        n=Count("pk"), schooled=Count("school_id")
    )
    location: list[tuple[bool | None, int]] = []
    for la_code, school_la_code, n, schooled in places:
        location += [(school_la_code == la_code, schooled), (None, n - schooled)]
    return list(years), list(since), location


def kept_placed_here(la, day: datetime.date, key_stage: str = "") -> tuple[int, list[int]] | None:
    """Other LAs' children on the roll on `day` whose setting on the day is one of this LA's
    schools, in a key stage (a KeyStage code) or any, counted from the kept lines of the other
    LAs whose lines are kept for that day (today): (that count, the other LAs not kept for it
    yet). None for another day. The LAs not kept yet are left to the caller
    (reports.dashboard._placed_here counts their children by the database form): their own
    first reader, or the daily job, rebuilds them. Rebuilding every other LA here made one
    LA's first reader of a day wait for all of them when the daily job had not run."""
    if day != timezone.localdate():
        return None
    from authorities.models import LocalAuthority
    from core.models import KeptDay

    lines = KeptDashboardLine.objects.filter(la=OuterRef("pk"), school__la_code=la.code)
    if key_stage:
        lines = lines.filter(nc_year__in=KeyStage(key_stage).nc_years)
    counted = lines.order_by().values("la").annotate(n=Count("pk")).values("n")
    kept_for_day = KeptDay.objects.filter(la=OuterRef("pk"), what=WHAT, computed_for=day)
    # One statement: whether each LA is kept and its lines' count are read together, so an
    # LA kept meanwhile is counted once, here or by the caller.
    others = LocalAuthority.objects.exclude(pk=la.pk).annotate(
        kept=Exists(kept_for_day), here=Subquery(counted)
    )
    found = list(others.values_list("pk", "kept", "here"))
    count = sum(here or 0 for _, kept, here in found if kept)
    return count, [pk for pk, kept, _ in found if not kept]


def _store(children, day: datetime.date) -> int:
    entries = roll_entries(children, day, fields=CHILD_FIELDS)
    return len(insert_rows(KeptDashboardLine, [_line(e, day) for e in entries]))


def _line(entry, day: datetime.date) -> dict:
    """The line's row as attribute names (written by COPY on PostgreSQL: no model per row)."""
    stored = dashboard_child(entry, day)[: len(STORED)]  # the labels are worked out on reading
    line = dict(zip(STORED, stored, strict=True))
    for joined in ("pk", "la_code", "school_la_code", "school_rating"):
        del line[joined]
    return line | {"la_id": entry.child.la_id, "child_id": entry.child.pk}


def _clear(children) -> None:
    KeptDashboardLine.objects.filter(child__in=children.values("pk")).delete()


def keeper() -> Keeper:
    from authorities.models import LocalAuthority
    from children.models import CareEpisode, Child, EducationPlacement
    from sen.models import SenStatus

    # The child's own row gives the year group and UASC; episodes the time in care, legal
    # status and care placements; placements the school, moves and time without one.
    return Keeper(WHAT, _store, _clear, KeptDashboardLine,
                  child_models=(Child, CareEpisode, EducationPlacement, SenStatus),
                  la_models=(LocalAuthority,))  # fmt: skip
