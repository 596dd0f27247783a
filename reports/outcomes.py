"""Dashboard sections about how the children are doing: attendance, exclusions, PEPs and
attainment. Each reuses the one implementation of its measure (attendance/measures.py,
peps/compliance.py, attainment/measures.py)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from attainment.measures import ks2_expected_rwm, ks4
from attainment.models import AssessmentResult
from attendance.measures import Attended, attended, measures
from attendance.models import Exclusion
from children.roll.groups import Filters, cohort_ids, label_order
from children.roll.rules import nc_year_label, school_year
from core.sql import one_of
from peps.compliance import dues, signed_on_time, signed_on_time_db
from peps.models import Status
from peps.services import GOOD_OR_BETTER
from reports.child_facts import KEY_STAGE_LABEL, NC_YEAR, PK
from reports.figures import Breakdown, Figure, Section, children_figure

RWM = ("reading", "writing", "maths")
ON_TRACK = ("expected", "above")


def _attendance_figures(key: str, rows: dict[int, Attended], label: str = "") -> list[Figure]:
    """The rate and the persistent and severe absence of these children (attendance.measures.
    Attended: each child's present and possible sessions and flags)."""
    marked = [pk for pk, row in rows.items() if row[1]]
    pa = [pk for pk in marked if rows[pk][2]]
    sa = [pk for pk in marked if rows[pk][3]]
    return [
        Figure(
            f"{key}.rate",
            f"Attendance rate{label}",
            sum(row[0] for row in rows.values()),
            of=sum(row[1] for row in rows.values()),
            unit="sessions",
            children=tuple(sorted(marked)),
        ),
        children_figure(f"{key}.persistent", f"Persistent absence{label}", pa, of=len(marked)),
        children_figure(f"{key}.severe", f"Severe absence{label}", sa, of=len(marked)),
    ]


def attendance_section(
    la, children, period, as_of: datetime.date, filters: Filters, *, kept: bool = False
) -> Section:
    """`kept`: a period from this term's first day to today reads each child's attendance
    from the kept lines of the attendance cohort (attendance.kept_lines: the same measures,
    kept)."""
    rows = _attended(la, period.start, as_of, filters, kept)
    section = Section("attendance", "Attendance")
    section.figures = _attendance_figures("attendance", rows)
    section.figures += _last_year(la, period, as_of, filters, kept)
    by_stage: dict[str, dict[int, Attended]] = defaultdict(dict)
    for c in children:
        if c[PK] in rows:
            by_stage[c[KEY_STAGE_LABEL]][c[PK]] = rows[c[PK]]
    stages = {
        label: _attendance_figures(f"attendance.ks.{label}", stage)
        for label, stage in sorted(by_stage.items(), key=label_order)
    }
    section.breakdowns = [
        Breakdown(
            "attendance.ks_rate",
            "Attendance rate by key stage",
            "Key stage",
            [_relabel(figs[0], label) for label, figs in stages.items()],
            "percent",
        ),
        Breakdown(
            "attendance.ks_persistent",
            "Persistent absence by key stage",
            "Key stage",
            [_relabel(figs[1], label) for label, figs in stages.items()],
            "percent",
        ),
    ]
    return section


def _attended(la, start, as_of, filters: Filters, kept: bool) -> dict[int, Attended]:
    from attendance.kept_lines import kept_attended

    found = kept_attended(la, start, as_of) if kept else None
    return _counted(la, found, as_of, filters, start)


def _counted(
    la, found: dict[int, Attended] | None, day, filters: Filters, start
) -> dict[int, Attended]:
    """The kept rows of the whole roll on `day`, narrowed to the filters' children; without
    them (None), worked out from `start` to `day` by the same rule (attendance.measures)."""
    if found is None:
        of = attended(la)
        tallies = measures(cohort_ids(la, day, filters), start, day)
        return {pk: of(tally) for pk, tally in tallies.items()}
    if not (filters.key_stage or filters.location):
        return found
    ours = set(cohort_ids(la, day, filters).values_list("pk", flat=True))
    return {pk: row for pk, row in found.items() if pk in ours}


def _relabel(figure: Figure, label: str) -> Figure:
    figure.label = label
    return figure


def _last_year(la, period, as_of: datetime.date, filters: Filters, kept: bool) -> list[Figure]:
    """The same period a year earlier, to the same day, for the children on the roll then.
    `kept`: read from the kept lines when they hold that period (reports.kept_last_year)."""
    from reports.kept_last_year import kept_last_year, last_year_window

    window = last_year_window(la, period, as_of)
    if window is None:
        return []
    start, end = window
    found = kept_last_year(la, window, as_of) if kept else None
    rows = _counted(la, found, end, filters, start)
    return _attendance_figures("attendance.last_year", rows, ", same period last year")


def exclusions_section(la, children, period, as_of: datetime.date) -> Section:
    ids = {c[PK] for c in children}
    # The LA's exclusions in the period, then ours in Python: a period's exclusions are few,
    # and a grown roll's 25,000 ids cost more to send than these rows.
    rows = Exclusion.objects.filter(child__la=la, starts_on__range=(period.start, as_of))
    suspended, sessions, permanent = set(), 0, set()
    for child_id, kind, n in rows.order_by().values_list("child_id", "kind", "sessions"):
        if child_id not in ids:
            continue
        if kind == Exclusion.Kind.PERMANENT:
            permanent.add(child_id)
        else:
            suspended.add(child_id)
            sessions += n or 0
    section = Section("exclusions", "Exclusions")
    section.figures = [
        children_figure("exclusions.suspended", "Children suspended", suspended, of=len(ids)),
        Figure(
            "exclusions.sessions",
            "Sessions lost to suspension",
            sessions,
            unit="sessions",
            children=tuple(sorted(suspended)),
        ),
        children_figure(
            "exclusions.permanent", "Children permanently excluded", permanent, of=len(ids)
        ),
    ]
    return section


def pep_section(children, as_of: datetime.date, dues) -> Section:
    """The PEP due for each child in the term containing the period's last day. `dues`: each
    child's (entry_pep_dues: worked out; kept_pep_dues: what is kept for today)."""
    due, on_time, overdue, rated, good = [], [], [], [], []
    for child_id, due_on, done, in_time, rating, status in dues:
        if due_on <= as_of:
            due.append(child_id)
            if in_time:
                on_time.append(child_id)
        if not done and as_of > due_on:
            overdue.append(child_id)
        if rating and status in (Status.QUALITY_ASSURED, Status.SIGNED_OFF):
            rated.append(child_id)
            if rating in GOOD_OR_BETTER:
                good.append(child_id)
    section = Section("peps", "Personal Education Plans")
    section.figures = [
        children_figure("peps.on_time", "PEPs signed off on time", on_time, of=len(due)),
        children_figure("peps.good", "PEPs rated good or better", good, of=len(rated)),
        children_figure("peps.overdue", "PEPs overdue", overdue, of=len(children)),
    ]
    return section


def entry_pep_dues(entries, as_of: datetime.date) -> list[tuple]:
    """(child, due on, done, signed off on time, quality rating, status) of each child's PEP
    due, worked out from their entries (loaded with PEPs)."""
    out = []
    for e, item in dues(entries, as_of):
        pep = item.pep
        out.append((e.child.pk, item.due.due_on, item.done, signed_on_time(pep, item.due.due_on),
                    pep and pep.quality_rating, pep and pep.status))  # fmt: skip
    return out


def kept_pep_dues(la, children, as_of: datetime.date) -> list[tuple]:
    """The same for these of the LA's children, from the PEPs due kept for today
    (peps.kept_due, the same rule kept)."""
    from core.kept import kept_current
    from peps.kept_due import WHAT
    from peps.models import KeptPepDue

    kept_current(WHAT, [la.pk], as_of)
    ours = {c[PK] for c in children}
    rows = KeptPepDue.objects.filter(la=la).values_list(
        "child_id", "due_on", "done", signed_on_time_db(), "pep__quality_rating", "pep__status"
    )
    return [row for row in rows if row[0] in ours]


class ResultRow(NamedTuple):
    """The columns of an AssessmentResult the measures read (attainment.measures), as a plain
    row: a model instance per result was a tenth of a grown dashboard's attainment section."""

    child_id: int
    academic_year: int
    term: str
    subject: str
    kind: str
    result: str
    progress: str


def results_by_child(ids, up_to_year: int) -> dict[int, list[ResultRow]]:
    out: dict[int, list[ResultRow]] = defaultdict(list)
    rows = AssessmentResult.objects.filter(child_id__in=one_of(ids), academic_year__lte=up_to_year)
    for row in rows.values_list(*ResultRow._fields):
        out[row[0]].append(ResultRow(*row))
    return out


def attainment_section(
    children,
    period,
    as_of: datetime.date,
    *,
    key: str = "attainment",
    title: str = "Attainment and progress",
) -> Section:
    year = school_year(as_of)
    years = [(c[PK], c[NC_YEAR]) for c in children]
    results = results_by_child([pk for pk, _ in years], year)
    section = Section(key, title)
    section.breakdowns = [_progress_by_year(key, years, results, year)]
    section.figures = ks2_ks4_figures(key, years, results)
    return section


def ks2_ks4_figures(key: str, years, results) -> list[Figure]:
    """`years`: (child, NC year) of each child in the cohort."""
    y6 = [pk for pk, nc in years if nc == 6]
    y11 = [pk for pk, nc in years if nc == 11]
    ks2 = {pk: ks2_expected_rwm(results.get(pk, [])) for pk in y6}
    judged = [pk for pk, ok in ks2.items() if ok is not None]
    k4 = {pk: ks4(results.get(pk, [])) for pk in y11}
    with_k4 = {pk: r for pk, r in k4.items() if r is not None and not r.predicted}
    a8 = sum(r.attainment8 for r in with_k4.values())
    average = (a8 / len(with_k4)) if with_k4 else None
    return [
        children_figure(
            f"{key}.ks2_rwm",
            "KS2 expected standard in reading, writing and maths",
            [pk for pk in judged if ks2[pk]],
            of=len(judged),
        ),
        Figure(
            f"{key}.a8",
            "Average Attainment 8 (KS4 results)",
            len(with_k4),
            unit="points",
            value=None
            if average is None
            else Decimal(average).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
            children=tuple(sorted(with_k4)),
        ),
        children_figure(
            f"{key}.em4",
            "Grade 4 or above in English and maths",
            [pk for pk, r in with_k4.items() if r.english_maths_4],
            of=len(with_k4),
        ),
        children_figure(
            f"{key}.em5",
            "Grade 5 or above in English and maths",
            [pk for pk, r in with_k4.items() if r.english_maths_5],
            of=len(with_k4),
        ),
    ]


def _progress_by_year(key: str, years, results, year: int) -> Breakdown:
    """Children whose latest progress judgement this school year is expected or above in all of
    reading, writing and maths, of those with a judgement in all three."""
    judged: dict[str, list[int]] = defaultdict(list)
    on_track: dict[str, list[int]] = defaultdict(list)
    for pk, nc in years:
        this_year = [r for r in results.get(pk, ()) if r.academic_year == year and r.progress]
        if not this_year:
            continue
        progress = _latest_progress(this_year)
        if all(s in progress for s in RWM):
            label = nc_year_label(nc)
            judged[label].append(pk)
            if all(progress[s] in ON_TRACK for s in RWM):
                on_track[label].append(pk)
    rows = [
        children_figure(f"{key}.progress.{label}", label, on_track[label], of=len(ids))
        for label, ids in sorted(judged.items(), key=label_order)
    ]
    return Breakdown(
        f"{key}.progress",
        "Expected progress or better in reading, writing and maths",
        "NC year",
        rows,
        "percent",
    )


_TERM_ORDER = {"autumn": 0, "spring": 1, "summer": 2}


def _latest_progress(rows) -> dict[str, str]:
    best: dict[str, tuple] = {}
    for r in rows:
        if r.subject not in RWM:
            continue
        order = _TERM_ORDER[r.term]
        if r.subject not in best or order > best[r.subject][0]:
            best[r.subject] = (order, r.progress)
    return {s: p for s, (_, p) in best.items()}
