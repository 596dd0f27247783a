"""Figures for the dashboard and the reports: each knows the children behind it (for people who
may see them) and how to show itself with small numbers suppressed (reporting.md: a count below
the threshold, and any percentage derived from one, shows as "c", as in DfE statistics)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

SUPPRESSED = "c"


@dataclass
class Figure:
    key: str
    label: str
    count: int | None  # children, unless `unit` says otherwise
    of: int | None = None  # the base of a percentage
    unit: str = "children"  # children | sessions | targets | schools | points | pounds
    value: Decimal | None = None  # averages and money
    children: tuple[int, ...] = ()
    sensitive: bool = False  # the children behind it are SEN or health information
    listable: bool = True  # False: a count only, the children are never listed (other LAs')
    secondary: bool = False  # suppressed too, where showing it would reveal a suppressed part
    # How many children lie behind it: len(children), kept when a copy leaves out who they are
    # (reports.dashboard.Dashboard.unnamed: the page's copy).
    listed: int | None = None

    def __post_init__(self) -> None:
        if self.listed is None:
            self.listed = len(self.children)

    @property
    def percent(self) -> Decimal | None:
        if self.of is None or not self.of or self.count is None:
            return None
        return (Decimal(self.count) * 100 / Decimal(self.of)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    def is_small(self, threshold: int | None) -> bool:
        """Would this figure identify children? Counts of schools and money never do; session
        counts, rates and averages do when fewer than `threshold` children lie behind them."""
        if not threshold or self.unit in ("schools", "pounds"):
            return False
        if self.secondary:
            return True
        if self.unit == "children":
            return self.count is not None and 0 < self.count < threshold
        return 0 < (self.listed or 0) < threshold

    def percent_is_small(self, threshold: int | None) -> bool:
        if self.is_small(threshold):
            return True
        base = self.of if self.unit == "children" else self.listed
        return threshold is not None and base is not None and 0 < base < threshold

    def count_text(self, threshold: int | None = None) -> str:
        if self.count is None and self.value is None:
            return "No data"
        if self.is_small(threshold):
            return SUPPRESSED
        if self.unit == "pounds":
            return f"£{self.value:,.2f}"
        if self.value is not None:
            return str(self.value)
        return f"{self.count:,}"

    def percent_text(self, threshold: int | None = None) -> str:
        if self.of is None:
            return ""
        if not self.of:
            return "No data"
        if self.percent_is_small(threshold):
            return SUPPRESSED
        return f"{self.percent}%"

    def as_dict(self) -> dict:
        return {
            "label": self.label,
            "count": self.count,
            "of": self.of,
            "unit": self.unit,
            "value": None if self.value is None else str(self.value),
            "percent": None if self.percent is None else str(self.percent),
        }


@dataclass
class Breakdown:
    key: str
    title: str
    heading: str  # the first column's heading
    rows: list[Figure]
    chart: str = ""  # "percent", "count" or "" for a table only
    # The rows split one whole (by reason, by key stage): hiding one hides another. False for a
    # series (each month), where no row can be worked out from the others.
    partition: bool = True


@dataclass
class Section:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)
    note: str = ""
    complements: list[tuple[str, ...]] = field(default_factory=list)  # keys of parts of a whole

    def all_figures(self):
        yield from self.figures
        for breakdown in self.breakdowns:
            yield from breakdown.rows


def rate(count: int, of: int) -> Decimal | None:
    return (Decimal(count) / Decimal(of)) if of else None


def children_figure(key: str, label: str, ids, of: int | None = None, **kw) -> Figure:
    ids = tuple(sorted(ids))
    return Figure(key, label, len(ids), of=of, children=ids, **kw)


def secondary_suppression(sections: list[Section], threshold: int) -> None:
    """As DfE statistics do: where one part of a whole is suppressed, suppress the next smallest
    part too, so the hidden one cannot be worked out by subtraction from the total. Applies to
    the board's version only (`Figure.secondary` counts only with a threshold)."""
    for section in sections:
        by_key = {f.key: f for f in section.figures}
        groups = [
            b.rows
            for b in section.breakdowns
            if b.partition and b.rows and b.rows[0].unit == "children"
        ]
        groups += [[by_key[k] for k in keys if k in by_key] for keys in section.complements]
        for rows in groups:
            _hide_one_more(rows, threshold)


def _hide_one_more(rows: list[Figure], threshold: int) -> None:
    hidden = [r for r in rows if r.is_small(threshold)]
    shown = sorted((r for r in rows if not r.is_small(threshold) and r.count), key=_count)
    if len(hidden) == 1 and shown:
        shown[0].secondary = True


def _count(figure: Figure) -> int:
    return figure.count or 0
