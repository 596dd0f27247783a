import datetime

import pytest

from authorities.calendar import bank_holidays, school_days_between
from authorities.models import Term
from authorities.tests.factories import LocalAuthorityFactory

D = datetime.date

# Published England and Wales bank holidays (GOV.UK) for two years.
PUBLISHED = {
    2025: {
        D(2025, 1, 1),
        D(2025, 4, 18),
        D(2025, 4, 21),
        D(2025, 5, 5),
        D(2025, 5, 26),
        D(2025, 8, 25),
        D(2025, 12, 25),
        D(2025, 12, 26),
    },
    2026: {
        D(2026, 1, 1),
        D(2026, 4, 3),
        D(2026, 4, 6),
        D(2026, 5, 4),
        D(2026, 5, 25),
        D(2026, 8, 31),
        D(2026, 12, 25),
        D(2026, 12, 28),
    },
    2023: {  # the coronation of King Charles III: an extra day by proclamation
        D(2023, 1, 2),
        D(2023, 4, 7),
        D(2023, 4, 10),
        D(2023, 5, 1),
        D(2023, 5, 8),
        D(2023, 5, 29),
        D(2023, 8, 28),
        D(2023, 12, 25),
        D(2023, 12, 26),
    },
    2022: {
        D(2022, 1, 3),
        D(2022, 4, 15),
        D(2022, 4, 18),
        D(2022, 5, 2),
        D(2022, 6, 2),
        D(2022, 6, 3),
        D(2022, 8, 29),
        D(2022, 9, 19),
        D(2022, 12, 26),
        D(2022, 12, 27),
    },
}


@pytest.mark.parametrize("year", sorted(PUBLISHED))
def test_bank_holidays_match_the_published_lists(year):
    assert bank_holidays(year) == PUBLISHED[year]


def test_school_days_without_terms_are_working_days(db):
    la = LocalAuthorityFactory()
    # Mon 22 Dec 2025 to Fri 2 Jan 2026: 10 weekdays less 25, 26 Dec and 1 Jan.
    assert school_days_between(la, D(2025, 12, 22), D(2026, 1, 2)) == 7


def test_school_days_respect_term_dates(db):
    la = LocalAuthorityFactory()
    Term.objects.create(
        la=la, academic_year=2025, name="autumn", starts_on=D(2025, 9, 3), ends_on=D(2025, 12, 19)
    )
    Term.objects.create(
        la=la, academic_year=2025, name="spring", starts_on=D(2026, 1, 5), ends_on=D(2026, 3, 27)
    )
    assert school_days_between(la, D(2025, 12, 15), D(2026, 1, 9)) == 10
