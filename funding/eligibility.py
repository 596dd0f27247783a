"""Who attracts Pupil Premium Plus for a grant (financial) year (statutory-rules.md): the grant
for financial year X (1 April X to 31 March X+1) is allocated on the children looked after for
at least one day in the SSDA903 year ending 31 March X, aged 4 to 15 on 31 August X-1 (for
2020-21: in care for at least a day in the year ending March 2020, aged 4-15 at 31 August 2019).
A day counts by the roll's looked-after rule (DECOM <= D < DEC) with short breaks (V3, V4) left
out. So the budget is known when the grant year begins; spending, releases and payments stay in
the financial year itself."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from children.importers.ssda903_year import year_bounds, year_label, year_of
from children.models import SHORT_BREAK_LEGAL_STATUSES, CareEpisode, Child
from children.roll.rules import HELD_YEARS, age_on
from funding.models import DEFAULT_RATES, GrantYear

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class FinancialYear:
    label: str  # e.g. 2024-25

    @classmethod
    def parse(cls, label: str) -> FinancialYear:
        start, _, end = label.partition("-")
        if not (start.isdigit() and len(start) == 4 and end.isdigit() and len(end) == 2):
            raise ValueError("Write the financial year as 2024-25")
        if (int(start) + 1) % 100 != int(end):
            raise ValueError(
                f"{label} is not one year: did you mean {start}-{(int(start) + 1) % 100:02d}?"
            )
        if int(start) not in HELD_YEARS:
            raise ValueError(f"{label} is not a financial year this service can hold")
        return cls(label)

    @classmethod
    def containing(cls, day: datetime.date) -> FinancialYear:
        # A financial year is the same April-to-March span as an SSDA903 collection year.
        return cls(year_label(year_of(day)))

    @property
    def starts_on(self) -> datetime.date:
        return year_bounds(int(self.label[:4]) + 1)[0]

    @property
    def ends_on(self) -> datetime.date:
        return year_bounds(int(self.label[:4]) + 1)[1]

    @property
    def return_year(self) -> int:
        """The SSDA903 year the allocation reads: the one ending when this year begins."""
        return int(self.label[:4])

    @property
    def return_starts_on(self) -> datetime.date:
        return year_bounds(self.return_year)[0]

    @property
    def return_ends_on(self) -> datetime.date:
        return year_bounds(self.return_year)[1]

    @property
    def august_31(self) -> datetime.date:
        """The day the age limits apply: 31 August inside the return's year."""
        return datetime.date(self.return_year - 1, 8, 31)

    @property
    def basis(self) -> str:
        return (
            f"children looked after for at least one day in the SSDA903 year "
            f"{self.return_year - 1}-{self.return_year % 100:02d} (1 April {self.return_year - 1} "
            f"to 31 March {self.return_year}), aged 4 to 15 on {self.august_31:%-d %B %Y}"
        )


@dataclass(frozen=True)
class Eligible:
    child_id: str
    dob: datetime.date
    first_day: datetime.date
    age_on_31_august: int


def eligible_children(la, year: FinancialYear, *, child=None) -> list[Eligible]:
    first, last = year.return_starts_on, year.return_ends_on
    found = CareEpisode.objects.filter(child__la=la, started_on__lte=last)
    if child is not None:
        found = found.filter(child=child)
    rows = found.exclude(legal_status__in=SHORT_BREAK_LEGAL_STATUSES).values_list(
        "child_id", "started_on", "ended_on"
    )
    first_day: dict[int, datetime.date] = {}
    for child_id, start, end in rows:
        since = max(start, first)
        until = min(end - ONE_DAY, last) if end else last
        if since <= until and (child_id not in first_day or since < first_day[child_id]):
            first_day[child_id] = since
    out = []
    for pk, la_child_id, dob in Child.objects.filter(pk__in=list(first_day)).values_list(
        "pk", "la_child_id", "date_of_birth"
    ):
        age = age_on(dob, year.august_31)
        if 4 <= age <= 15:
            out.append(Eligible(la_child_id, dob, first_day[pk], age))
    return sorted(out, key=lambda e: e.child_id)


def is_eligible(child, year: FinancialYear) -> bool:
    return bool(eligible_children(child.la, year, child=child))


def rate_for(la, year: FinancialYear) -> Decimal | None:
    stored = GrantYear.objects.filter(la=la, year=year.label).first()
    return stored.rate_per_child if stored else DEFAULT_RATES.get(year.label)
