"""The SSDA903 collection year of a return, and the code lists that depend on it.

A collection year runs 1 April to 31 March and is named by the year it ends in (2026 is
2025-26). A person gives it as `2025-26` (or `2026`); without it, the year is the one most
children's latest date in the return falls in, so one late or mistyped date cannot relabel the
whole return (a single latest date could).
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Iterable

_SPAN = re.compile(r"^(\d{4})\s*[-/]\s*(\d{2}|\d{4})$")

# SEX: 1/2 up to 2023-24; M/F/U from 2024-25 (the DfE-rules validator's 2024-25 rule 101).
SEX_NUMERIC = {"1": "Male", "2": "Female"}
SEX_LETTERS = {"M": "Male", "F": "Female", "U": "Unknown or indeterminate"}
FIRST_LETTER_SEX_YEAR = 2025


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of the collection year ending in `year`."""
    return datetime.date(year - 1, 4, 1), datetime.date(year, 3, 31)


def year_label(year: int) -> str:
    return f"{year - 1}-{year % 100:02d}"


def year_of(day: datetime.date) -> int:
    """The collection year a day falls in."""
    return day.year + 1 if day.month >= 4 else day.year


def parse_year(raw: str) -> tuple[int | None, str]:
    """`2025-26` or `2025/26` (the span) or `2026` (the year it ends in)."""
    raw = (raw or "").strip()
    match = _SPAN.match(raw)
    if match:
        first, second = int(match.group(1)), match.group(2)
        end = first + 1
        if int(second) != (end if len(second) == 4 else end % 100):
            return None, f"'{raw}' is not a year like 2025-26"
        return _in_range(end, raw)
    if re.fullmatch(r"\d{4}", raw):
        return _in_range(int(raw), raw)
    return None, f"'{raw}' is not a year like 2025-26"


def _in_range(year: int, raw: str) -> tuple[int | None, str]:
    """SSDA903 began in 1992; a year far outside it is a typing slip, not a return."""
    if not 1992 <= year <= 2200:
        return None, f"'{raw}' is not a collection year this service can hold"
    return year, ""


def infer_year(latest_by_child: Iterable[datetime.date]) -> int | None:
    """The collection year most children's latest date falls in (ties: the later year)."""
    tally = Counter(year_of(day) for day in latest_by_child)
    if not tally:
        return None
    return max(tally, key=lambda y: (tally[y], y))


def sex_codes(year: int) -> dict[str, str]:
    """The SEX codes a return for `year` may carry. From 2024-25 the letters are the list; the
    numbers stay readable then (systems changed over during the year) and are noted."""
    if year >= FIRST_LETTER_SEX_YEAR:
        return SEX_LETTERS | SEX_NUMERIC
    return dict(SEX_NUMERIC)


def sex_problem(raw: str, year: int) -> str:
    """Why a SEX value is not accepted in this year's return, or "" when it is."""
    if not raw:
        return "SEX is blank"
    if raw in sex_codes(year):
        return ""
    listed = ", ".join(SEX_LETTERS if year >= FIRST_LETTER_SEX_YEAR else SEX_NUMERIC)
    return f"SEX '{raw}' is not in the {year_label(year)} code list ({listed})"
