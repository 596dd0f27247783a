"""What a report says: the dashboard's sections for the period (the same function, so the same
figures), attainment for children looked after continuously for 12 months or more at 31 March,
Pupil Premium Plus spend and national benchmarks (reporting.md)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from advice.figures import advice_section
from children.cla_measures import continuously_looked_after_12_months
from children.importers.ssda903_year import year_of
from children.models import Child
from children.roll.loader import roll_entries
from children.roll.rules import school_year
from cwsw.figures import cwsw_section
from funding.eligibility import FinancialYear
from funding.ledger import category_label, ledger
from funding.models import GrantYear, PpRequest
from peps.models import PepTarget
from reports.dashboard import build_dashboard
from reports.figures import Breakdown, Figure, Section
from reports.models import Benchmark
from reports.outcomes import ks2_ks4_figures, results_by_child
from reports.periods import Period

# Our figure (key, shown as) against the national benchmarks for children looked after and
# for all pupils.
COMPARISONS = [
    ("attainment_12m.ks2_rwm", "percent", "ks2_rwm_cla", "ks2_rwm_all"),
    ("attainment_12m.a8", "value", "a8_cla", "a8_all"),
    ("attainment_12m.em5", "percent", "em5_cla", "em5_all"),
    ("attendance.persistent", "percent", "pa_cla", None),
]


@dataclass
class Comparison:
    figure: Figure
    shown_as: str
    looked_after: Benchmark | None
    all_pupils: Benchmark | None


@dataclass
class ReportContent:
    la: Any
    kind: str
    title: str
    period: Period
    as_of: datetime.date
    sections: list[Section]
    comparisons: list[Comparison] = field(default_factory=list)
    commentary: str = ""
    generated_at: datetime.datetime = field(default_factory=timezone.now)

    def figures(self) -> dict[str, Figure]:
        return {f.key: f for s in self.sections for f in s.all_figures()}


TITLES = {
    "termly": "Termly report to the corporate parenting board",
    "annual": "Virtual School Head's annual report",
}


def report_content(la, kind: str, period: Period, today: datetime.date, progress=None):
    step = progress or (lambda stage: None)
    step("Cohort, attendance, exclusions, PEPs")
    board = build_dashboard(la, period, today=today)
    sections = list(board.sections)
    step("Attainment of children in care 12 months or more")
    sections.insert(-1, attainment_12_months(la, period))
    step("Pupil Premium Plus")
    sections.append(ppplus_section(la, period))
    step("Advice for previously looked-after children")
    sections.append(advice_section(la, period))
    step("Children with a social worker")
    sections.append(cwsw_section(la, march_31(period)))
    content = ReportContent(la, kind, TITLES[kind], period, board.as_of, sections)
    content.comparisons = comparisons(la, content.figures())
    return content


def march_31(period: Period) -> datetime.date:
    """31 March of the school year the period falls in."""
    return datetime.date(school_year(period.start) + 1, 3, 31)


def attainment_12_months(la, period: Period) -> Section:
    """DfE's comparison cohort: on the roll at 31 March and looked after continuously for 12
    months (children/cla_measures.py has the definition)."""
    day = march_31(period)
    year = year_of(day)
    entries = [
        e
        for e in roll_entries(Child.objects.filter(la=la), day)
        if continuously_looked_after_12_months(e.episodes, year)
    ]
    results = results_by_child([e.child.pk for e in entries], day.year - 1)
    title = f"Attainment: looked after continuously for 12 months at {day:%-d %B %Y}"
    section = Section("attainment_12m", title)
    section.note = "DfE definition: looked after continuously for 12 months at 31 March."
    section.figures = [
        Figure(
            "attainment_12m.cohort",
            "Children in this cohort",
            len(entries),
            children=tuple(sorted(e.child.pk for e in entries)),
        ),
        *ks2_ks4_figures("attainment_12m", [(e.child.pk, e.nc_year) for e in entries], results),
    ]
    return section


def ppplus_section(la, period: Period) -> Section:
    year = FinancialYear.containing(period.start)
    section = Section("ppplus", f"Pupil Premium Plus {year.label}")
    grant = GrantYear.objects.filter(la=la, year=year.label).first()
    if grant is None:
        section.note = "No grant year is set up for this financial year."
        return section
    book = ledger(grant)

    def pounds(key, label, amount):
        return Figure(f"ppplus.{key}", label, None, unit="pounds", value=amount)

    section.figures = [
        Figure("ppplus.eligible", "Eligible children", book.eligible),
        pounds("allocation", "Allocation", book.allocation),
        pounds("top_slice", "Kept centrally (top-slice)", book.top_slice),
        pounds("central_spent", "Spent centrally", book.central_spent),
        pounds("committed", "Committed to schools", book.committed),
        pounds("paid", "Paid to schools", book.paid),
        pounds("remaining", "Remaining", book.remaining),
        *_post16_pounds(la, year),
    ]
    rows = [
        pounds(f"category.{name}", category_label(name), split.total)
        for name, split in book.by_category.items()
    ]
    section.breakdowns = [
        Breakdown("ppplus.category", "Spend by intervention", "Intervention", rows),
        _impact(grant),
    ]
    return section


def _post16_pounds(la, year: FinancialYear) -> list[Figure]:
    """Post-16 PP+, a grant line of its own (post16.models.Post16Grant), beside the school-age
    grant's figures."""
    from post16.models import Post16Grant
    from post16.rules import post16_ledger

    grant = Post16Grant.objects.filter(la=la, year=year.label).first()
    if grant is None:
        return []
    book = post16_ledger(grant)
    return [
        Figure(f"ppplus.post16_{key}", label, None, unit="pounds", value=amount)
        for key, label, amount in (
            ("allocation", "Post-16 allocation", book.allocation),
            ("approved", "Post-16 approved", book.approved),
            ("remaining", "Post-16 remaining", book.remaining),
        )
    ]


def _impact(grant: GrantYear) -> Breakdown:
    """Impact: how the PEP targets that PP+ funded this year turned out (evaluated at the next
    PEP), counted in targets and suppressed by the children behind them."""
    funded = PpRequest.objects.filter(
        grant_year=grant, status__in=[PpRequest.Status.APPROVED, PpRequest.Status.REDUCED]
    ).values_list("target__outcome", "target__pep__child_id")
    children: dict[str, set[int]] = {}
    counts: dict[str, int] = {}
    labels = dict(PepTarget.Outcome.choices) | {"": "Not evaluated yet"}
    for outcome, child_id in funded:
        label = labels.get(outcome, outcome)
        counts[label] = counts.get(label, 0) + 1
        children.setdefault(label, set()).add(child_id)
    rows = [
        Figure(
            f"ppplus.impact.{label}",
            label,
            counts[label],
            unit="targets",
            children=tuple(sorted(children[label])),
        )
        for label in labels.values()
        if label in counts
    ]
    return Breakdown("ppplus.impact", "Funded PEP targets by outcome", "Outcome", rows)


def benchmarks_for(la) -> dict[str, Benchmark]:
    """The LA's own figure for a measure where it keeps one, else the national default."""
    rows = Benchmark.objects.filter(Q(la=la) | Q(la__isnull=True)).order_by("measure", "la")
    found: dict[str, Benchmark] = {}
    for row in rows:
        if row.la_id or row.measure not in found:
            found[row.measure] = row
    return found


def comparisons(la, figures: dict[str, Figure]) -> list[Comparison]:
    marks = benchmarks_for(la)
    return [
        Comparison(figures[key], shown_as, marks.get(cla), marks.get(every) if every else None)
        for key, shown_as, cla, every in COMPARISONS
        if key in figures
    ]
