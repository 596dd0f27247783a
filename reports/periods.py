"""The periods a dashboard or report covers: a term of the LA's calendar or a school year
(1 September to 31 August), named by keys such as 2025-autumn and 2025."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from authorities.models import Term
from children.roll.rules import HELD_YEARS, school_year


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    start: datetime.date
    end: datetime.date

    def as_of(self, today: datetime.date) -> datetime.date:
        """The day the roll is read: the period's end, or today while it is still running."""
        return min(self.end, max(today, self.start))

    def last_year(self, la) -> Period | None:
        """The same period a year earlier, for comparison."""
        if "-" in self.key:
            year, name = self.key.split("-")
            return term_period(la, int(year) - 1, name)
        return year_period(int(self.key) - 1)


def year_period(year: int) -> Period:
    return Period(
        str(year),
        f"School year {year} to {year + 1}",
        datetime.date(year, 9, 1),
        datetime.date(year + 1, 8, 31),
    )


def term_period(la, year: int, name: str) -> Period | None:
    term = Term.objects.filter(la=la, academic_year=year, name=name).first()
    if term is None:
        return None
    label = f"{term.get_name_display()} term {year} to {year + 1}"
    return Period(f"{year}-{name}", label, term.starts_on, term.ends_on)


def periods_for(la, today: datetime.date) -> list[Period]:
    """Terms and school years that have started, newest first."""
    out: list[Period] = []
    years = sorted({school_year(today), school_year(today) - 1}, reverse=True)
    for year in years:
        terms = Term.objects.filter(la=la, academic_year=year, starts_on__lte=today)
        for term in terms.order_by("-starts_on"):
            found = term_period(la, year, term.name)
            if found:
                out.append(found)
        out.append(year_period(year))
    return out


def period_from_key(la, key: str | None, today: datetime.date) -> Period | None:
    """None for a key that names no period (the caller answers 'not found')."""
    if not key:
        current = Term.objects.filter(la=la, starts_on__lte=today).order_by("-starts_on").first()
        if current is not None:
            return term_period(la, current.academic_year, current.name)
        return year_period(school_year(today))
    year, _, name = key.partition("-")
    if not year.isdigit() or len(year) != 4 or int(year) not in HELD_YEARS:
        return None
    if not name:
        return year_period(int(year))
    return term_period(la, int(year), name) if name in Term.Name.values else None
