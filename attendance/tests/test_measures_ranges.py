"""attendance.measures over any range of days, against the marks themselves: a child's tally from
`start` to `end` (both included) counts every mark on those days once, by its category, however
the range falls across the LA's terms (whole periods), whole weeks and the part-weeks at either
end, which are read from the marks; and however the marks came: all new, or some new, some
corrected and some the same again (the writer moves the weekly and period tallies)."""

import datetime

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from attendance.measures import Tally, measures
from attendance.models import AttendancePeriod, AttendanceWeek, Category, SessionMark
from attendance.writer import marks_write
from authorities.models import Term
from children.tests.factories import ChildFactory
from core.actors import SYSTEM

pytestmark = pytest.mark.django_db
FIRST = datetime.date(2025, 9, 1)  # a Monday
DAYS = 70  # ten weeks, across the end of one term and the start of the next
CODES = {"/": Category.PRESENT, "B": Category.APPROVED, "I": Category.AUTHORISED,
         "O": Category.UNAUTHORISED, "#": Category.NOT_POSSIBLE, "-": Category.NO_MARK}  # fmt: skip
marks_on = st.lists(st.sampled_from([*CODES, None]), min_size=DAYS * 2, max_size=DAYS * 2)
offsets = st.integers(min_value=0, max_value=DAYS - 1)


@pytest.fixture
def child(db):
    child = ChildFactory()
    # Two terms with a week between them (their names do not matter to the periods).
    Term.objects.create(la=child.la, academic_year=2025, name="autumn", starts_on=FIRST,
                        ends_on=datetime.date(2025, 10, 24))  # fmt: skip
    Term.objects.create(la=child.la, academic_year=2025, name="spring",
                        starts_on=datetime.date(2025, 11, 3),
                        ends_on=datetime.date(2025, 12, 19))  # fmt: skip
    return child


def _written(child, codes, again) -> list[tuple[datetime.date, int]]:
    """The marks (each session's code, or None for no row) through the writer that keeps the
    weekly and period tallies: all new, then `again` over them (new marks, corrections and
    the same marks again, each moving the tallies); (day, category) of each stored."""
    for model in (SessionMark, AttendanceWeek, AttendancePeriod):
        model.objects.filter(child=child).delete()
    stored = {}
    for register in (codes, again):
        marks = []
        for i, code in enumerate(register):
            day = FIRST + datetime.timedelta(days=i // 2)
            if code is not None:
                marks.append((child.pk, day, ("AM", "PM")[i % 2], code, CODES[code], None))
                stored[day, i % 2] = CODES[code]
        marks_write(marks=marks, la=child.la, actor=SYSTEM)
    return [(day, category) for (day, _), category in stored.items()]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(marks_on, marks_on, offsets, offsets)
@example(["I", "/", "#", "O", None, "B", "-"] * 20, [None] * 140, 0, 53)  # the first term
@example(["/", "O", None, "I"] * 35, ["B", None] * 70, 0, 69)  # a term, weeks and a part-week
@example(["O", "/"] * 70, ["/", "O"] * 70, 9, 9)  # one day, every mark corrected
@example(["/"] * 4 + [None] * 136, [None] * 140, 2, 6)  # the week's marks, none in the range
def test_a_tally_counts_each_mark_in_the_range_once(child, codes, again, a, b):
    start, end = sorted((FIRST + datetime.timedelta(days=a), FIRST + datetime.timedelta(days=b)))
    expected, marked = Tally(), False
    for day, category in _written(child, codes, again):
        if start <= day <= end:
            expected.add_category(category, 1)
            marked = True
    found = measures([child.pk], start, end)
    assert (child.pk in found) == marked  # a tally for each child with a mark in the range
    assert _counts(found.get(child.pk, Tally())) == _counts(expected)


def _counts(tally: Tally) -> tuple[int, ...]:
    return (tally.present, tally.approved, tally.authorised, tally.unauthorised,
            tally.not_possible, tally.no_mark)  # fmt: skip
