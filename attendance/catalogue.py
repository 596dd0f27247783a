"""The national attendance codes, read from the AttendanceCode table (seeded from
attendance/data/codes.csv). A change to the codes is a data change: add a row with dates."""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

from attendance.models import Category

CODES_CSV = Path(__file__).parent / "data" / "codes.csv"
CATEGORY_BY_NAME = {
    "present": Category.PRESENT,
    "approved": Category.APPROVED,
    "authorised": Category.AUTHORISED,
    "unauthorised": Category.UNAUTHORISED,
    "not_possible": Category.NOT_POSSIBLE,
    "no_mark": Category.NO_MARK,
}
ABSENT = (Category.AUTHORISED, Category.UNAUTHORISED)


def seed_rows() -> list[dict]:
    with CODES_CSV.open(encoding="utf-8", newline="") as fh:
        return [
            {
                "code": row["code"],
                "meaning": row["meaning"],
                "category": CATEGORY_BY_NAME[row["category"]],
                "valid_from": _date(row["valid_from"]),
                "valid_to": _date(row["valid_to"]),
                "replaced_by": row["replaced_by"],
            }
            for row in csv.DictReader(fh)
        ]


def codes_seed() -> int:
    """Load codes.csv into AttendanceCode where missing (the migration's data; tests that flush
    the database call it again). Returns the rows added."""
    from attendance.models import AttendanceCode

    added = 0
    for row in seed_rows():
        _, created = AttendanceCode.objects.get_or_create(
            code=row["code"], valid_from=row["valid_from"], defaults=row
        )
        added += created
    return added


def _date(text: str) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


@dataclass(frozen=True)
class Entry:
    code: str
    meaning: str
    category: int
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    replaced_by: str

    def in_force(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True)
class Lookup:
    category: int
    warning: str  # empty when the code was in force on the day


class Catalogue:
    """Answers 'how does code C on day D count?'. Build one per import or report."""

    def __init__(self, entries: list[Entry]):
        self.by_code: dict[str, list[Entry]] = {}
        for entry in entries:
            self.by_code.setdefault(entry.code, []).append(entry)

    @classmethod
    def load(cls) -> Catalogue:
        from attendance.models import AttendanceCode

        fields = ("code", "meaning", "category", "valid_from", "valid_to", "replaced_by")
        return cls([Entry(*row) for row in AttendanceCode.objects.values_list(*fields)])

    def lookup(self, code: str, day: datetime.date) -> Lookup | None:
        """None for a code that never existed. A code used outside its dates is accepted with a
        warning and counted as it was when last (or first) in force."""
        entries = self.by_code.get(code)
        if not entries:
            return None
        for entry in entries:
            if entry.in_force(day):
                return Lookup(entry.category, _withdrawn(entry))
        nearest = min(entries, key=lambda e: _distance(e, day))
        return Lookup(nearest.category, _warning(nearest, day))

    def meaning(self, code: str) -> str:
        entries = self.by_code.get(code)
        return entries[-1].meaning if entries else ""

    def codes(self) -> list[str]:
        return sorted(self.by_code)


def _distance(entry: Entry, day: datetime.date) -> int:
    if entry.valid_to is not None and day > entry.valid_to:
        return (day - entry.valid_to).days
    if entry.valid_from is not None and day < entry.valid_from:
        return (entry.valid_from - day).days
    return 0


def _withdrawn(entry: Entry) -> str:
    """Older data may use a code since withdrawn: accepted, but worth a note."""
    if entry.valid_to is None:
        return ""
    instead = f" (use {entry.replaced_by})" if entry.replaced_by else ""
    label = Category(entry.category).label.lower()
    return (
        f"{entry.code} is a withdrawn code, in force until {entry.valid_to:%d %B %Y}{instead}; "
        f"counted as {label}"
    )


def _warning(entry: Entry, day: datetime.date) -> str:
    label = Category(entry.category).label.lower()
    if entry.valid_to is not None and day > entry.valid_to:
        instead = f" (use {entry.replaced_by})" if entry.replaced_by else ""
        return (
            f"{entry.code} was withdrawn after {entry.valid_to:%d %B %Y}{instead}; "
            f"counted as {label}, as it was"
        )
    return f"{entry.code} was not in force before {entry.valid_from:%d %B %Y}; counted as {label}"
