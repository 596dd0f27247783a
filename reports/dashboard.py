"""The Virtual School Head's dashboard (reporting.md): cohort, schools, attendance, exclusions,
PEPs, stability, attainment and post-16 for a term or a school year, with the children behind
every figure. The reports are built from the same function, so their figures are the same."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from operator import itemgetter

from django.utils import timezone

from children.importers.ssda903_year import year_label as ssda_label
from children.importers.ssda903_year import year_of
from children.models import Child, EducationPlacement
from children.roll.groups import Filters, cohort_entries, label_order
from children.roll.rules import key_stage_q, nc_year_label, placement_on_subquery
from enrichment.figures import eet_by_month, enrichment_section
from reports.child_facts import (
    CARE_PLACEMENTS,
    KEY_STAGE_LABEL,
    LEGAL,
    LOCATION_LABEL,
    NC_YEAR,
    NEED,
    NO_SCHOOL_PLACE,
    OFSTED,
    ONE_YEAR,
    PK,
    PROVISION_TYPE,
    SCHOOL_ID,
    SCHOOL_MOVES,
    SEN,
    SINCE,
    UASC,
    WITHOUT,
    DashboardChild,
    dashboard_child,
)
from reports.figures import Breakdown, Figure, Section, children_figure
from reports.kept_lines import kept_children, kept_placed_here
from reports.outcomes import (
    attainment_section,
    attendance_section,
    entry_pep_dues,
    exclusions_section,
    kept_pep_dues,
    pep_section,
)
from reports.periods import Period
from school_places.figures import school_places_section

_PK = itemgetter(PK)
BELOW_GOOD = {"requires improvement", "inadequate", "serious weaknesses", "special measures"}
IN_EDUCATION = {
    "school",
    "college",
    "training",
    "alternative-provision",
    "tuition",
    "bespoke-package",
}


@dataclass
class Dashboard:
    la: object
    period: Period
    filters: Filters
    as_of: datetime.date
    sections: list[Section]

    def figures(self) -> dict[str, Figure]:
        return {f.key: f for s in self.sections for f in s.all_figures()}

    def unnamed(self) -> Dashboard:
        """A copy whose figures say how many children lie behind them (Figure.listed) but not
        who: what the page shows."""
        sections = [
            replace(s, figures=_unnamed(s.figures),
                    breakdowns=[replace(b, rows=_unnamed(b.rows)) for b in s.breakdowns])
            for s in self.sections
        ]  # fmt: skip
        return replace(self, sections=sections)


def _unnamed(figures: list[Figure]) -> list[Figure]:
    return [replace(f, children=()) for f in figures]


def dashboard_kept(la, period: Period, filters: Filters, today: datetime.date) -> Dashboard:
    """The dashboard for a period and filter, kept whole per LA until its facts change, without
    the children behind each figure (dashboard_figure reads those, a section at a time). At 25,000
    children the ids are 365,000 numbers: packed into the shared cache and read back on every
    view of the page, they cost 48 ms after each change and 18 ms on each read."""
    from core.kept import kept_figures

    key = _kept_key("dashboard-page", period, filters, today)
    board = kept_figures(la.pk, key, lambda: _built(la, period, filters, today).unnamed())
    # Other LAs' children at our schools follow their LAs' facts, not ours: counted on each
    # read (the cost is theirs at our schools, not our roll), last of the cohort's figures.
    placed = _placed_here(la, board.as_of, filters)
    cohort = board.sections[0]
    cohort.figures = [f for f in cohort.figures if f.key != placed.key] + [placed]
    return board


def dashboard_figure(
    la, period: Period, filters: Filters, today: datetime.date, key: str
) -> Figure | None:
    """One figure of the dashboard with the children behind it (None: no such figure), from
    its section alone (build_dashboard's `only`), kept under the same version of the LA's facts
    as the page, worked out by the first to ask for any of the section's figures. The whole
    dashboard's children were 365,000 ids at 25,000 children, unpacked on every drill-down
    (217 ms), and after a change worked out with every section beside the page's own (1.6 s)."""
    from core.kept import kept_figures

    section = key.split(".", 1)[0]
    if section not in SECTIONS:
        return None

    def compute() -> dict[str, Figure]:
        return _in_list_order(la, _built(la, period, filters, today, only=section).figures())

    # Named apart from the sections kept before their children were in LIST_ORDER.
    name = _kept_key(f"dashboard-listed-{section}", period, filters, today)
    return kept_figures(la.pk, name, compute).get(key)


# The order in which a figure's children are listed (reports.views.figure_children).
LIST_ORDER = ("la_child_id", "pk")


def _in_list_order(la, figures: dict[str, Figure]) -> dict[str, Figure]:
    """The figures with their children in LIST_ORDER, read once for the section: a page of the
    list is then a slice of them. Sorted in the database on every page, a figure of 25,000
    children cost 60 ms a page, and 40 more to count them. The LA's children in that order
    (a figure's children are the LA's) cost less to read than the figures' own, named."""
    ordered = Child.objects.filter(la=la).order_by(*LIST_ORDER).values_list("pk", flat=True)
    rank = {pk: n for n, pk in enumerate(ordered)}
    # A child deleted since the section was built has no rank: last, and never listed.
    last = len(rank)
    return {
        key: replace(f, children=tuple(sorted(f.children, key=lambda pk: rank.get(pk, last))))
        for key, f in figures.items()
    }


def _kept_key(what: str, period: Period, filters: Filters, today: datetime.date) -> str:
    # Named apart from the entries of the whole board kept before ("dashboard:..."), whose
    # figures have no `listed`: a server upgraded during the day never reads one of those.
    return f"{what}:{today}:{period.key}:{filters.key_stage}:{filters.location}"


def _built(la, period: Period, filters: Filters, today: datetime.date, only=None) -> Dashboard:
    return build_dashboard(la, period, filters, today, placed_here=False, only=only)


def dashboard_warm(la, today: datetime.date) -> None:
    """The dashboard as it opens (this term, no filter), for the daily job."""
    from reports.periods import period_from_key

    period = period_from_key(la, None, today)
    if period is not None:
        dashboard_kept(la, period, Filters("", ""), today)


# The sections in the order shown; a figure's key starts with its section's ("cohort.total").
SECTIONS = ("cohort", "schools", "places", "attendance", "exclusions", "peps", "stability",
            "attainment", "post16", "enrichment")  # fmt: skip


def build_dashboard(
    la,
    period: Period,
    filters: Filters | None = None,
    today: datetime.date | None = None,
    *,
    kept: bool = True,
    placed_here: bool = True,
    only: str | None = None,
) -> Dashboard:
    """`kept`: a period that runs to today reads the children, the PEPs due, this term's
    attendance and the same term last year from what the service keeps for today (the same
    rules, kept); False works everything out. `placed_here`: False leaves out other LAs'
    children at our schools (dashboard_kept counts them on each read). `only`: that section
    (a key of SECTIONS) and no other."""
    filters = filters or Filters()
    as_of = period.as_of(today or timezone.localdate())
    kept = kept and as_of == timezone.localdate()
    children, dues = _children(la, as_of, filters, kept)

    def placed():
        return _placed_here(la, as_of, filters, kept) if placed_here else None

    build = {
        "cohort": lambda: cohort_section(children, as_of, placed()),
        "schools": lambda: schools_section(la, children, as_of),
        "places": lambda: school_places_section(la, children, as_of),
        "attendance": lambda: attendance_section(la, children, period, as_of, filters, kept=kept),
        "exclusions": lambda: exclusions_section(la, children, period, as_of),
        "peps": lambda: pep_section(children, as_of, dues()),
        "stability": lambda: stability_section(children, as_of),
        "attainment": lambda: attainment_section(children, period, as_of),
        "post16": lambda: post16_section(la, children, as_of, kept),
        "enrichment": lambda: enrichment_section(la, children, as_of),
    }
    sections = [build[key]() for key in SECTIONS if only is None or key == only]
    return Dashboard(la, period, filters, as_of, sections)


def _children(la, as_of, filters: Filters, kept: bool) -> tuple[list[DashboardChild], Callable]:
    """The children counted (reports.child_facts), and how to read each one's PEP due (only
    the PEPs' section asks): from what is kept for today, or from their roll entries."""
    found = kept_children(la, as_of) if kept else None
    if found is not None:
        children = [c for c in found if filters.keeps_labels(c[KEY_STAGE_LABEL], c[LOCATION_LABEL])]
        return children, lambda: kept_pep_dues(la, children, as_of)
    entries = cohort_entries(la, as_of, filters, peps=True)
    return [dashboard_child(e, as_of) for e in entries], lambda: entry_pep_dues(entries, as_of)


def group(key: str, children: list[DashboardChild], label_of, *, total: int | None = None, **kw):
    """Rows of children by label_of(child) (None leaves the child out), in the natural order
    (key stages in order, years numerically), as on the attendance pages."""
    buckets: dict[str | None, list[int]] = defaultdict(list)
    for pk, label in zip(map(_PK, children), map(label_of, children), strict=True):
        buckets[label].append(pk)
    rows = [(label, ids) for label, ids in buckets.items() if label is not None]
    return [
        children_figure(f"{key}.{label}", label, ids, of=total, **kw)
        for label, ids in sorted(rows, key=label_order)
    ]


def _ids(children, test) -> list[int]:
    return [c[PK] for c in children if test(c)]


def cohort_section(children: list[DashboardChild], as_of, placed: Figure | None) -> Section:
    """`placed`: other LAs' children at our schools (_placed_here), last of the figures."""
    n = len(children)
    since = {c[PK]: c[SINCE] for c in children}
    under_year = [pk for pk, s in since.items() if s and (as_of - s) < ONE_YEAR]
    uasc = _ids(children, itemgetter(UASC))
    section = Section(
        "cohort", "Cohort", complements=[("cohort.in_care_under_1", "cohort.in_care_1_plus")]
    )
    section.figures = [
        children_figure("cohort.total", "Children on the roll", [c[PK] for c in children]),
        children_figure("cohort.in_care_under_1", "In care for under a year", under_year, of=n),
        Figure(
            "cohort.in_care_1_plus",
            "In care for a year or more",
            n - len(under_year),
            of=n,
            children=tuple(sorted(set(since) - set(under_year))),
        ),
        children_figure("cohort.uasc", "Unaccompanied asylum-seeking children", uasc, of=n),
        *([placed] if placed else []),
    ]
    section.breakdowns = [
        Breakdown(
            "cohort.ks",
            "By key stage",
            "Key stage",
            group("cohort.ks", children, itemgetter(KEY_STAGE_LABEL), total=n),
            "count",
        ),
        Breakdown(
            "cohort.year",
            "By year group",
            "NC year",
            group("cohort.year", children, lambda c: nc_year_label(c[NC_YEAR]), total=n),
        ),
        Breakdown(
            "cohort.location",
            "Where they go to school",
            "Location",
            group("cohort.location", children, itemgetter(LOCATION_LABEL), total=n),
        ),
        Breakdown(
            "cohort.legal",
            "By legal status",
            "Legal status",
            group("cohort.legal", children, itemgetter(LEGAL), total=n),
        ),
        Breakdown(
            "cohort.sen",
            "By SEN provision",
            "SEN",
            group("cohort.sen", children, itemgetter(SEN), total=n, sensitive=True),
            "count",
        ),
        Breakdown(
            "cohort.need",
            "By primary need (SEN support and EHCP)",
            "Primary need",
            group("cohort.need", children, itemgetter(NEED), sensitive=True),
        ),
    ]
    return section


def _placed_here(la, as_of, filters: Filters, kept: bool = True) -> Figure:
    """Children of other LAs at this LA's schools: a count only, never their names. For today
    (`kept`), from the kept lines of the LAs kept for today, and any other LA's counted in the
    database by the roll's rules' database forms (on the roll, the school on the day, the key
    stage), as every LA's are for another day. A deployment of several LAs may hold many of
    them: counting them in Python cost their number on every read."""
    found = kept_placed_here(la, as_of, filters.key_stage) if kept else None
    if found is None:
        count = placed_here_count(la, as_of, filters)
    else:
        count, not_kept = found
        count += placed_here_count(la, as_of, filters, among=not_kept) if not_kept else 0
    return Figure(
        "cohort.placed_here", "Placed at this LA's schools by other LAs", count, listable=False
    )


def placed_here_count(la, as_of, filters: Filters, among=None) -> int:
    """The database form: from the placements at our schools, the other LAs' children on the
    roll whose setting on the day is ours; `among`: of these LAs (ids) only."""
    from core.kept import outside

    at_ours = Child.objects.filter(
        pk__in=EducationPlacement.objects.filter(school__la_code=la.code).values("child")
    )
    theirs = outside(at_ours, {la.pk}) if among is None else at_ours.filter(la_id__in=among)
    others = (
        theirs.on_roll(as_of)
        .annotate(_school_la=placement_on_subquery(as_of, "school__la_code"))
        .filter(_school_la=la.code)
    )
    if filters.key_stage:
        others = others.filter(key_stage_q(filters.key_stage, as_of))
    return others.count()


def schools_section(la, children: list[DashboardChild], as_of) -> Section:
    n = len(children)
    schools = {c[SCHOOL_ID] for c in children if c[SCHOOL_ID]}
    below = _ids(children, lambda c: c[OFSTED].lower() in BELOW_GOOD)
    no_place = [c for c in children if c[NO_SCHOOL_PLACE]]
    section = Section("schools", "Schools")
    section.figures = [
        Figure("schools.settings", "Schools and settings attended", len(schools), unit="schools"),
        children_figure(
            "schools.below_good", "In settings rated below Good by Ofsted", below, of=n
        ),
        children_figure(
            "schools.no_place", "With no school place", [c[PK] for c in no_place], of=n
        ),
        *_designated_teacher_figures(la, schools, as_of),
    ]
    section.breakdowns = [
        Breakdown(
            "schools.ofsted",
            "By Ofsted rating of the setting",
            "Ofsted rating",
            group("schools.ofsted", children, itemgetter(OFSTED), total=n),
            "count",
        ),
        Breakdown(
            "schools.no_place_for",
            "No school place, for how long",
            "Time without a place",
            group("schools.no_place_for", no_place, itemgetter(WITHOUT)),
        ),
    ]
    return section


def _designated_teacher_figures(la, schools: set[int], as_of) -> list[Figure]:
    """Schools with our children and no designated teacher recorded, or one not trained within
    the LA's refresher period (the designated teacher register, schools.areas)."""
    from schools.areas import dt_status
    from schools.models import DesignatedTeacher

    current = {
        d.school_id: d
        for d in DesignatedTeacher.objects.filter(school_id__in=schools, ended_on__isnull=True)
    }
    status = [dt_status(current.get(s), la.dt_refresher_years, as_of) for s in schools]
    return [
        Figure(
            "schools.no_dt",
            "Schools with no designated teacher recorded",
            status.count("none"),
            of=len(schools),
            unit="schools",
        ),
        Figure(
            "schools.dt_untrained",
            "Schools whose designated teacher's training has lapsed or not happened",
            status.count("lapsed") + status.count("untrained"),
            of=len(schools),
            unit="schools",
        ),
    ]


def stability_section(children: list[DashboardChild], as_of) -> Section:
    """School moves in the 12 months to the period's end (a new school placement after an
    earlier one); care placements by the DfE's "3 or more placements during the year" for the
    SSDA903 year the period ends in, so far (children/cla_measures.py; reports.child_facts)."""
    year = year_of(as_of)
    n = len(children)
    section = Section("stability", "Stability")
    section.note = (
        f"Care placements: the DfE's count of placements during {ssda_label(year)} "
        "(April to March), to date."
    )
    section.figures = [
        children_figure(
            "stability.school_3",
            "3 or more school moves in the year",
            _ids(children, lambda c: c[SCHOOL_MOVES] >= 3),
            of=n,
        ),
        children_figure(
            "stability.care_3",
            "3 or more care placements during the year (DfE)",
            _ids(children, lambda c: c[CARE_PLACEMENTS] >= 3),
            of=n,
        ),
    ]
    return section


def post16_section(la, children: list[DashboardChild], as_of, kept: bool = True) -> Section:
    """Years 12 and 13: each young person's monthly check (this month's or last month's) says
    whether they are in education, employment or training; without one, the current education
    placement does (the roll holds no employment data)."""
    from enrichment.figures import post16_checks
    from enrichment.models import Post16Check

    post16 = [c for c in children if c[NC_YEAR] >= 12]
    checks = post16_checks([c[PK] for c in post16], as_of)

    def in_eet(c: DashboardChild) -> bool:
        check = checks.get(c[PK])
        if check is not None:
            return check.activity != Post16Check.Activity.NEET
        return c[PROVISION_TYPE] in IN_EDUCATION

    eet = set(_ids(post16, in_eet))
    neet = [c for c in post16 if c[PK] not in eet]
    reasons = dict(Post16Check.NeetReason.choices)

    def reason(c: DashboardChild) -> str:
        check = checks.get(c[PK])
        return reasons.get(check.neet_reason, "Not known") if check else "Not checked this month"

    note = "From the monthly check, or without one from the current education placement."
    section = Section("post16", "Post-16", note=note, complements=[("post16.eet", "post16.neet")])
    section.figures = [
        children_figure("post16.total", "Young people in Years 12 and 13", [c[PK] for c in post16]),
        children_figure("post16.eet", "In education, employment or training", eet, of=len(post16)),
        children_figure(
            "post16.neet",
            "Not in education, employment or training (NEET)",
            [c[PK] for c in neet],
            of=len(post16),
        ),
        children_figure(
            "post16.checked", "Checked this month or last", set(checks), of=len(post16)
        ),
    ]
    section.breakdowns = [
        Breakdown(
            "post16.neet_reason",
            "NEET, by reason",
            "Reason",
            group("post16.neet_reason", neet, reason, total=len(post16)),
            "count",
        ),
        Breakdown(
            "post16.eet_month",
            "In education, employment or training each month (from the monthly checks, of "
            "those in Years 12 and 13 on the 1st)",
            "Month",
            eet_by_month(la, as_of, kept=kept),
            "percent",
            partition=False,
        ),
    ]
    return section
