"""Reading values from outside files: dates, codes, numbers. Each returns (value, error)."""

from __future__ import annotations

import datetime
import functools
import re
from decimal import Decimal, InvalidOperation

_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DMY_DASH = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")


_PATTERNS = {
    "dmy": (_DMY, "dd/mm/yyyy"),
    "ymd": (_YMD, "yyyy-mm-dd"),
    "dmy-dash": (_DMY_DASH, "dd-mm-yyyy"),
}


def parse_date(
    raw: str, *, formats: tuple[str, ...] = ("dmy",)
) -> tuple[datetime.date | None, str]:
    """Parse a date in one of the named forms: dmy (dd/mm/yyyy), ymd (yyyy-mm-dd), dmy-dash
    (dd-mm-yyyy, GIAS). Blank gives (None, "")."""
    return _parse_date((raw or "").strip(), formats)


@functools.lru_cache(maxsize=100_000)  # a return repeats its dates; the answer never changes
def _parse_date(raw: str, formats: tuple[str, ...]) -> tuple[datetime.date | None, str]:
    if not raw:
        return None, ""
    for name in formats:
        pattern, _ = _PATTERNS[name]
        match = pattern.match(raw)
        if match:
            parts = [int(g) for g in match.groups()]
            day, month, year = (parts[2], parts[1], parts[0]) if name == "ymd" else parts
            try:
                return datetime.date(year, month, day), ""
            except ValueError:
                return None, f"'{raw}' is not a date"
    shapes = " or ".join(_PATTERNS[f][1] for f in formats)
    return None, f"'{raw}' is not in {shapes} form"


def parse_int(
    raw: str, *, low: int | None = None, high: int | None = None
) -> tuple[int | None, str]:
    raw = (raw or "").strip()
    if not raw:
        return None, ""
    if not re.fullmatch(r"-?\d+", raw):
        return None, f"'{raw}' is not a whole number"
    value = int(raw)
    if (low is not None and value < low) or (high is not None and value > high):
        return None, f"{value} is not between {low} and {high}"
    return value, ""


def parse_decimal(raw: str, *, low: Decimal, high: Decimal) -> tuple[Decimal | None, str]:
    raw = (raw or "").strip()
    if not raw:
        return None, ""
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None, f"'{raw}' is not a number"
    if not value.is_finite() or value < low or value > high:
        return None, f"{raw} is not between {low} and {high}"
    return value, ""
