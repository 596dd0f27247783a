"""The alerts' reading of a child's recent marks (attendance.alerts._recent_summary: the last
marks found one step back per child, then the rare codes, not every mark) against the marks
themselves, read in order as attendance.md describes the signals: the E marks, and the run of N
or O marks the register ends with (a run stops at the first other mark, counting back from the
latest)."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attendance.alerts import _recent_summary
from attendance.models import SessionMark
from children.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db
START = datetime.date(2026, 3, 2)
CODES = ["/", "N", "O", "E", "I", "#", None]  # None: no mark for that session


def _reference(marks: list[tuple[datetime.date, str, str]]):
    """(latest day, E days, days of the trailing N/O run) from marks in register order."""
    run: list[datetime.date] = []
    for day, _, code in reversed(marks):
        if code not in ("N", "O"):
            break
        run.insert(0, day)
    return marks[-1][0], [d for d, _, c in marks if c == "E"], run


@pytest.fixture
def child(db):
    return ChildFactory()


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(st.lists(st.sampled_from(CODES), max_size=30), st.integers(0, 8))
def test_the_summary_reads_the_marks_in_register_order(child, codes, skipped):
    """`skipped`: the days of marks before the range read, which count for nothing."""
    SessionMark.objects.filter(child=child).delete()
    marks = [
        (START + datetime.timedelta(days=i // 2), ("AM", "PM")[i % 2], code)
        for i, code in enumerate(codes)
        if code is not None
    ]
    SessionMark.objects.bulk_create(
        SessionMark(child=child, date=d, session=s, code=c, category=1) for d, s, c in marks
    )
    start = START + datetime.timedelta(days=skipped)
    found = _recent_summary([child.pk], start, START + datetime.timedelta(days=20))
    read = [m for m in marks if m[0] >= start]
    if not read:
        assert found == {}
        return
    recent = found[child.pk]
    assert (recent.latest, recent.e_days, recent.run) == _reference(read)
