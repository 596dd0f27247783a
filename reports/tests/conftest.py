import datetime

import pytest

from demo.builder import demo_build

AS_OF = datetime.date(2026, 3, 20)


@pytest.fixture
def demo_la(db):
    """A small generated LA (roll, schools, SEN, a calendar, daily marks, PEPs) as of spring."""
    from attendance.catalogue import codes_seed

    codes_seed()
    return demo_build(la_code="330", children=70, seed=7, as_of=AS_OF).la
