"""The Virtual School Head's dashboard (reporting.md): cohort, schools, attendance, exclusions,
PEPs, stability, attainment and post-16 for a term or a school year, with the children behind
every figure. The reports are built from the same function, so their figures are the same."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from children.cla_measures import placements_in_year
from children.importers.ssda903_year import year_label as ssda_label
from children.importers.ssda903_year import year_of
from children.models import Child
from children.roll.groups import Filters, cohort_entries, label_order
from children.roll.loader import RollEntry, roll_entries
from children.roll.rules import looked_after_since, nc_year_label
from enrichment.figures import eet_by_month, enrichment_section
from reports.figures import Breakdown, Figure, Section, children_figure
from reports.outcomes import attainment_section, attendance_section, exclusions_section, pep_section
from reports.periods import Period
from school_places.figures import school_places_section
from sen.models import level_label, need_label

ONE_YEAR = datetime.timedelta(days=365)
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


def dashboard_kept(la, period: Period, filters: Filters, today: datetime.date) -> Dashboard:
    """The dashboard for a period and filter, kept whole per LA until its facts change."""
    from core.kept import kept_figures

    key = f"dashboard:{today}:{period.key}:{filters.key_stage}:{filters.location}"
    board = kept_figures(la.pk, key, lambda: build_dashboard(la, period, filters, today))
    # Other LAs' children at our schools follow their LAs' facts, not ours: counted on each
    # read (the cost is theirs at our schools, not our roll).
    placed = _placed_here(la, board.as_of, filters)
    for section in board.sections:
        section.figures = [placed if f.key == placed.key else f for f in section.figures]
    return board


def dashboard_warm(la, today: datetime.date) -> None:
    """The dashboard as it opens (this term, no filter), for the daily job."""
    from reports.periods import period_from_key

    period = period_from_key(la, None, today)
    if period is not None:
        dashboard_kept(la, period, Filters("", ""), today)


def build_dashboard(
    la,
    period: Period,
    filters: Filters | None = None,
    today: datetime.date | None = None,
    *,
    kept: bool = True,
) -> Dashboard:
    """`kept`: a period that runs to today reads the PEPs due and this term's attendance from
    what the service keeps for today (the same rules, kept); False works everything out."""
    filters = filters or Filters()
    as_of = period.as_of(today or timezone.localdate())
    kept = kept and as_of == timezone.localdate()
    entries = cohort_entries(la, as_of, filters, peps=not kept)
    sections = [
        cohort_section(la, entries, as_of, filters),
        schools_section(la, entries, as_of),
        school_places_section(la, entries, as_of),
        attendance_section(la, entries, period, as_of, filters, kept=kept),
        exclusions_section(entries, period, as_of),
        pep_section(entries, as_of, kept=la if kept else None),
        stability_section(entries, as_of),
        attainment_section(entries, period, as_of),
        post16_section(la, entries, as_of),
        enrichment_section(la, entries, as_of),
    ]
    return Dashboard(la, period, filters, as_of, sections)


def group(key: str, entries: list[RollEntry], label_of, *, total: int | None = None, **kw):
    """Rows of children by label_of(entry) (None leaves the entry out), in the natural order
    (key stages in order, years numerically), as on the attendance pages."""
    buckets: dict[str, list[int]] = defaultdict(list)
    for e in entries:
        label = label_of(e)
        if label is not None:
            buckets[label].append(e.child.pk)
    return [
        children_figure(f"{key}.{label}", label, ids, of=total, **kw)
        for label, ids in sorted(buckets.items(), key=label_order)
    ]


def _ids(entries, test) -> list[int]:
    return [e.child.pk for e in entries if test(e)]


def cohort_section(la, entries, as_of, filters) -> Section:
    n = len(entries)
    since = {e.child.pk: looked_after_since(e.episodes, as_of) for e in entries}
    under_year = [pk for pk, s in since.items() if s and (as_of - s) < ONE_YEAR]
    uasc = _ids(entries, lambda e: e.child.is_uasc and not _uasc_ceased(e.child, as_of))
    section = Section(
        "cohort", "Cohort", complements=[("cohort.in_care_under_1", "cohort.in_care_1_plus")]
    )
    section.figures = [
        children_figure("cohort.total", "Children on the roll", [e.child.pk for e in entries]),
        children_figure("cohort.in_care_under_1", "In care for under a year", under_year, of=n),
        Figure(
            "cohort.in_care_1_plus",
            "In care for a year or more",
            n - len(under_year),
            of=n,
            children=tuple(sorted(set(since) - set(under_year))),
        ),
        children_figure("cohort.uasc", "Unaccompanied asylum-seeking children", uasc, of=n),
        _placed_here(la, as_of, filters),
    ]
    section.breakdowns = [
        Breakdown(
            "cohort.ks",
            "By key stage",
            "Key stage",
            group("cohort.ks", entries, lambda e: e.key_stage_label, total=n),
            "count",
        ),
        Breakdown(
            "cohort.year",
            "By year group",
            "NC year",
            group("cohort.year", entries, lambda e: nc_year_label(e.nc_year), total=n),
        ),
        Breakdown(
            "cohort.location",
            "Where they go to school",
            "Location",
            group("cohort.location", entries, lambda e: e.location_label, total=n),
        ),
        Breakdown(
            "cohort.legal",
            "By legal status",
            "Legal status",
            group("cohort.legal", entries, _legal, total=n),
        ),
        Breakdown(
            "cohort.sen",
            "By SEN provision",
            "SEN",
            group("cohort.sen", entries, _sen, total=n, sensitive=True),
            "count",
        ),
        Breakdown(
            "cohort.need",
            "By primary need (SEN support and EHCP)",
            "Primary need",
            group("cohort.need", entries, _need, sensitive=True),
        ),
    ]
    return section


def _uasc_ceased(child: Child, day) -> bool:
    return child.uasc_ceased_on is not None and child.uasc_ceased_on <= day


def _legal(e: RollEntry) -> str:
    """The legal status in words, with its code (children.templatetags.roll_words)."""
    from children.templatetags.roll_words import legal_status_words

    return legal_status_words(e.episode.legal_status) if e.episode else "Not recorded"


def _sen_status(e: RollEntry):
    try:
        return e.child.sen
    except ObjectDoesNotExist:
        return None


def _sen(e: RollEntry) -> str:
    sen = _sen_status(e)
    return level_label(sen.level) if sen else "Not recorded"


def _need(e: RollEntry) -> str | None:
    sen = _sen_status(e)
    if sen is None or sen.level == "N":
        return None
    return need_label(sen.primary_need) or "Not recorded"


def _placed_here(la, as_of, filters: Filters) -> Figure:
    """Children of other LAs at this LA's schools: a count only, never their names."""
    others = Child.objects.exclude(la=la).filter(
        pk__in=Child.objects.filter(education_placements__school__la_code=la.code).values("pk")
    )
    entries = [
        e
        for e in roll_entries(others, as_of)
        if e.placement
        and e.placement.school
        and e.placement.school.la_code == la.code
        and filters.keeps_key_stage(e)
    ]
    return Figure(
        "cohort.placed_here",
        "Placed at this LA's schools by other LAs",
        len(entries),
        children=tuple(e.child.pk for e in entries),
        listable=False,
    )


def schools_section(la, entries, as_of) -> Section:
    n = len(entries)
    schools = {e.placement.school_id for e in entries if e.placement and e.placement.school_id}
    below = _ids(entries, lambda e: _ofsted(e).lower() in BELOW_GOOD)
    no_place = [e for e in entries if e.no_school_place]
    section = Section("schools", "Schools")
    section.figures = [
        Figure("schools.settings", "Schools and settings attended", len(schools), unit="schools"),
        children_figure(
            "schools.below_good", "In settings rated below Good by Ofsted", below, of=n
        ),
        children_figure(
            "schools.no_place", "With no school place", [e.child.pk for e in no_place], of=n
        ),
        *_designated_teacher_figures(la, schools, as_of),
    ]
    section.breakdowns = [
        Breakdown(
            "schools.ofsted",
            "By Ofsted rating of the setting",
            "Ofsted rating",
            group("schools.ofsted", entries, _ofsted, total=n),
            "count",
        ),
        Breakdown(
            "schools.no_place_for",
            "No school place, for how long",
            "Time without a place",
            group("schools.no_place_for", no_place, lambda e: _without(e, as_of)),
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


def _ofsted(e: RollEntry) -> str:
    school = e.placement.school if e.placement else None
    if school is None:
        return "No school"
    return school.ofsted_rating or "Not inspected or not known"


def _without(e: RollEntry, as_of) -> str:
    """Since the last placement ended, or since coming into care when there was none."""
    ended = [p.ended_on for p in e.placements if p.ended_on]
    since = max(ended, default=None) or looked_after_since(e.episodes, as_of)
    days = (as_of - since).days if since else 0
    if days < 28:
        return "1. Under 4 weeks"
    return "2. 4 to 12 weeks" if days <= 84 else "3. Over 12 weeks"


def stability_section(entries, as_of) -> Section:
    """School moves in the 12 months to the period's end (a new school placement after an
    earlier one); care placements by the DfE's "3 or more placements during the year" for the
    SSDA903 year the period ends in, so far (children/cla_measures.py)."""
    window = as_of - ONE_YEAR
    year = year_of(as_of)
    school_moves, care_placements = {}, {}
    for e in entries:
        placements = sorted(e.placements, key=lambda p: p.started_on)
        school_moves[e.child.pk] = sum(1 for p in placements[1:] if p.started_on > window)
        care_placements[e.child.pk] = placements_in_year(e.episodes, year)
    n = len(entries)
    section = Section("stability", "Stability")
    section.note = (
        f"Care placements: the DfE's count of placements during {ssda_label(year)} "
        "(April to March), to date."
    )
    section.figures = [
        children_figure(
            "stability.school_3",
            "3 or more school moves in the year",
            [pk for pk, m in school_moves.items() if m >= 3],
            of=n,
        ),
        children_figure(
            "stability.care_3",
            "3 or more care placements during the year (DfE)",
            [pk for pk, m in care_placements.items() if m >= 3],
            of=n,
        ),
    ]
    return section


def post16_section(la, entries, as_of) -> Section:
    """Years 12 and 13: each young person's monthly check (this month's or last month's) says
    whether they are in education, employment or training; without one, the current education
    placement does (the roll holds no employment data)."""
    from enrichment.figures import post16_checks
    from enrichment.models import Post16Check

    post16 = [e for e in entries if e.nc_year >= 12]
    checks = post16_checks(post16, as_of)

    def in_eet(e) -> bool:
        check = checks.get(e.child.pk)
        if check is not None:
            return check.activity != Post16Check.Activity.NEET
        return e.placement is not None and e.placement.provision_type in IN_EDUCATION

    eet = set(_ids(post16, in_eet))
    neet = [e for e in post16 if e.child.pk not in eet]
    reasons = dict(Post16Check.NeetReason.choices)

    def reason(e) -> str:
        check = checks.get(e.child.pk)
        return reasons.get(check.neet_reason, "Not known") if check else "Not checked this month"

    note = "From the monthly check, or without one from the current education placement."
    section = Section("post16", "Post-16", note=note, complements=[("post16.eet", "post16.neet")])
    section.figures = [
        children_figure(
            "post16.total", "Young people in Years 12 and 13", [e.child.pk for e in post16]
        ),
        children_figure("post16.eet", "In education, employment or training", eet, of=len(post16)),
        children_figure(
            "post16.neet",
            "Not in education, employment or training (NEET)",
            [e.child.pk for e in neet],
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
            eet_by_month(la, as_of),
            "percent",
            partition=False,
        ),
    ]
    return section
