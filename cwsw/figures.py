"""Figures for children with a social worker on a day: each cohort (cwsw.rules) for the whole
cohort and by primary need and phase, with the education measures of the school year the day
falls in, every figure suppressed below the LA's threshold and one more in a family where one
alone is hidden (so no subtraction finds it). Rows: measure, group, count, denominator, rate,
suppressed. Nothing here names or lists a child."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from children.roll.rules import school_year
from cwsw.models import CinChild, CinEpisode, CpPlan, EducationRecord
from cwsw.rules import COHORTS, NEEDS, PHASES, open_in_six_years_q, open_on_q, phase_on

COLUMNS = ("measure", "group", "count", "denominator", "rate", "suppressed")
MEASURES = {
    "children": "Children",
    "overall_absence": "Overall absence (% of sessions)",
    "persistent_absence": "Persistently absent (10% or more of sessions)",
    "severe_absence": "Severely absent (50% or more of sessions)",
    "suspension_rate": "Suspensions per 100 pupils",
    "permanent_exclusion_rate": "Permanent exclusions per 100 pupils",
    "ks2_rwm_expected": "KS2 reading, writing and maths at the expected standard (%)",
    "ks4_attainment8": "KS4 Attainment 8 (average)",
}
BENCHMARKS = {
    "overall_absence": "absence_all",
    "persistent_absence": "pa_all",
    "severe_absence": "sa_all",
    "suspension_rate": "suspension_all",
    "permanent_exclusion_rate": "pex_all",
    "ks2_rwm_expected": "ks2_rwm_all",
    "ks4_attainment8": "a8_all",
}


# Measures whose count is of children (a count of sessions or of suspensions is not).
COUNTS_OF_CHILDREN = {
    "children",
    "persistent_absence",
    "severe_absence",
    "permanent_exclusion_rate",
    "ks2_rwm_expected",
}


@dataclass
class Row:
    cohort: str
    measure: str
    group: str
    count: int | None
    denominator: int | None
    rate: Decimal | None
    pupils: int  # the children behind the figure, for suppression
    suppressed: bool = False

    def as_csv(self) -> tuple:
        hide = self.suppressed
        return (
            f"{self.cohort}.{self.measure}",
            self.group,
            "" if hide or self.count is None else self.count,
            "" if hide or self.denominator is None else self.denominator,
            "" if hide or self.rate is None else self.rate,
            "true" if hide else "false",
        )


def members(la, cohort: str, day: datetime.date) -> dict[int, tuple[str, str]]:
    """Each child in the cohort on the day: (primary need, phase)."""
    episodes = CinEpisode.objects.filter(child__la=la)
    if cohort == "children_in_need":
        found = episodes.filter(open_on_q(day, "referral_date", "closure_date"))
    elif cohort == "ever_6":
        found = episodes.filter(open_in_six_years_q(day))
    else:
        plans = CpPlan.objects.filter(child__la=la).filter(open_on_q(day, "start_date", "end_date"))
        ids = set(plans.values_list("child_id", flat=True))
        found = episodes.filter(child_id__in=ids, referral_date__lte=day)
    need = {}
    for child_id, code in found.order_by("child_id", "referral_date").values_list(
        "child_id", "primary_need"
    ):
        need[child_id] = code or "N0"  # the latest episode's need
    if cohort == "child_protection_plan":
        need = {pk: need.get(pk, "N0") for pk in ids}
    born = dict(CinChild.objects.filter(pk__in=list(need)).values_list("pk", "birth_month"))
    return {pk: (code, phase_on(born.get(pk), day)) for pk, code in need.items()}


def cohort_rows(la, day: datetime.date, threshold: int | None) -> list[Row]:
    year = school_year(day)
    keys = dict(CinChild.objects.filter(la=la).values_list("pk", "key"))
    records = {r.key: r for r in EducationRecord.objects.filter(la=la, year=year)}
    rows: list[Row] = []
    for cohort in COHORTS:
        found = members(la, cohort, day)
        groups = _groups(found)
        for group, pks in groups.items():
            pupils = [records[keys[pk]] for pk in pks if keys.get(pk) in records]
            rows += _measures(cohort, group, len(pks), pupils)
    _suppress(rows, threshold)
    return rows


def _groups(found: dict[int, tuple[str, str]]) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = {"all": sorted(found)}
    for code in NEEDS:
        groups[f"need:{code}"] = sorted(pk for pk, (need, _) in found.items() if need == code)
    for phase in PHASES:
        groups[f"phase:{phase}"] = sorted(pk for pk, (_, p) in found.items() if p == phase)
    return groups


def _pct(part, whole, places="0.1") -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _measures(cohort: str, group: str, n: int, pupils: list) -> list[Row]:
    attending = [p for p in pupils if p.sessions_possible]
    missed = [(p.sessions_authorised or 0) + (p.sessions_unauthorised or 0) for p in attending]
    possible = sum(p.sessions_possible for p in attending)
    share = [m / p.sessions_possible for m, p in zip(missed, attending, strict=True)]
    ks2 = [p.ks2_rwm_expected for p in pupils if p.ks2_rwm_expected is not None]
    a8 = [p.ks4_attainment8 for p in pupils if p.ks4_attainment8 is not None]
    suspensions = sum(p.suspensions for p in pupils)
    excluded = sum(p.permanent_exclusion for p in pupils)
    average = (sum(a8) / len(a8)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if a8 else None
    make = lambda m, count, den, rate, behind: Row(cohort, m, group, count, den, rate, behind)  # noqa: E731
    return [
        make("children", n, None, None, n),
        make("overall_absence", sum(missed), possible, _pct(sum(missed), possible), len(attending)),
        make(
            "persistent_absence",
            sum(s >= 0.1 for s in share),
            len(attending),
            _pct(sum(s >= 0.1 for s in share), len(attending)),
            len(attending),
        ),
        make(
            "severe_absence",
            sum(s >= 0.5 for s in share),
            len(attending),
            _pct(sum(s >= 0.5 for s in share), len(attending)),
            len(attending),
        ),
        make(
            "suspension_rate",
            suspensions,
            len(pupils),
            _pct(suspensions, len(pupils), "0.01"),
            len(pupils),
        ),
        make(
            "permanent_exclusion_rate",
            excluded,
            len(pupils),
            _pct(excluded, len(pupils), "0.01"),
            len(pupils),
        ),
        make("ks2_rwm_expected", sum(ks2), len(ks2), _pct(sum(ks2), len(ks2)), len(ks2)),
        make("ks4_attainment8", len(a8), len(a8), average, len(a8)),
    ]


def _suppress(rows: list[Row], threshold: int | None) -> None:
    """Below the threshold (the children behind it, or a count of children): hidden. A group whose
    children are hidden hides every measure. In each family (needs, phases) of a cohort, where
    one group alone is hidden, the next smallest is hidden too."""
    if not threshold:
        return
    for row in rows:
        count = row.count if row.measure in COUNTS_OF_CHILDREN else None
        few = count is not None and 0 < count < threshold
        row.suppressed = 0 < row.pupils < threshold or few
    children = {(r.cohort, r.group): r for r in rows if r.measure == "children"}
    hidden_groups = {key for key, r in children.items() if r.suppressed}
    for row in rows:  # a group too small to show hides every measure of it
        row.suppressed = row.suppressed or (row.cohort, row.group) in hidden_groups
    for cohort in COHORTS:
        for measure in MEASURES:
            for family in ("need:", "phase:"):
                _one_more(
                    [
                        r
                        for r in rows
                        if r.cohort == cohort
                        and r.measure == measure
                        and r.group.startswith(family)
                    ]
                )
    hidden_groups = {(r.cohort, r.group) for r in rows if r.measure == "children" and r.suppressed}
    for row in rows:
        row.suppressed = row.suppressed or (row.cohort, row.group) in hidden_groups


def _one_more(cells: list[Row]) -> None:
    """Where one part of a whole is hidden, hide the next smallest too (as DfE statistics do)."""
    hidden = [r for r in cells if r.suppressed]
    shown = sorted((r for r in cells if not r.suppressed and r.pupils), key=lambda r: r.pupils)
    if len(hidden) == 1 and shown:
        shown[0].suppressed = True


def group_label(group: str) -> str:
    if group == "all":
        return "All"
    family, _, code = group.partition(":")
    return NEEDS.get(code, code) if family == "need" else PHASES.get(code, code)


def cwsw_section(la, day: datetime.date):
    """For the board's report: each cohort on the day, and the children in need's persistent
    absence, KS2 and Attainment 8, as figures the report suppresses like every other. The
    children are never listable."""
    from reports.figures import Figure, Section

    rows = {(r.cohort, r.measure): r for r in cohort_rows(la, day, None) if r.group == "all"}
    section = Section("cwsw", f"Children with a social worker at {day:%-d %B %Y}")
    section.note = "From the CIN census and the education extract; counts of children only."
    figures = [
        Figure(f"cwsw.{cohort}", title, rows[(cohort, "children")].count, listable=False)
        for cohort, title in COHORTS.items()
    ]
    pa, ks2, a8 = (
        rows[("children_in_need", m)]
        for m in ("persistent_absence", "ks2_rwm_expected", "ks4_attainment8")
    )
    figures += [
        Figure(
            "cwsw.pa",
            "Children in need persistently absent",
            pa.count,
            of=pa.denominator,
            listable=False,
        ),
        Figure(
            "cwsw.ks2",
            "Children in need at the KS2 expected standard in RWM",
            ks2.count,
            of=ks2.denominator,
            listable=False,
        ),
        Figure(
            "cwsw.a8",
            "Children in need: average Attainment 8",
            None,
            unit="points",
            # How many pupils lie behind the average, for suppression (never listed: the
            # cohort's children are not children of the roll).
            children=tuple(range(a8.pupils)),
            listable=False,
            value=a8.rate,
        ),
    ]
    section.figures = figures
    return section
