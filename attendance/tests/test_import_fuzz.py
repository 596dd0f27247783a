"""The marks import never crashes on bad input: it either stores every row or names problems
and stores nothing."""

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attendance.importers.marks import attendance_import
from attendance.models import SessionMark
from core.actors import SYSTEM

pytestmark = pytest.mark.django_db

CELLS = {
    "date": st.sampled_from(
        ["2025-10-06", "06/10/2025", "2025-02-30", "", "tomorrow", "2099-01-01"]
    ),
    "session": st.sampled_from(["AM", "PM", "pm", "", "XX"]),
    "code": st.sampled_from(["/", "\\", "N", "C2", "Y7", "H", "", "ZZ", "#", "-", "é"]),
}


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["OK", "", "nobody"]),
            CELLS["date"],
            CELLS["session"],
            CELLS["code"],
            st.integers(min_value=0, max_value=2),
        ),
        max_size=8,
    )
)
def test_any_file_imports_whole_or_not_at_all(world, tmp_path, rows):
    SessionMark.objects.all().delete()
    buffer = io.StringIO()
    out = csv.writer(buffer)
    out.writerow(["child_id", "date", "session", "code"])
    for child, day, session, code, cut in rows:
        cells = [world.child.la_child_id if child == "OK" else child, day, session, code]
        out.writerow(cells[: 4 - cut])  # short rows too
    path = tmp_path / "fuzz.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    report = attendance_import(path=path, la=world.la, actor=SYSTEM)
    stored = SessionMark.objects.count()
    if report.ok:
        assert stored == report.counts.get("Session marks", {}).get("created", 0)
    else:
        assert stored == 0
        assert all(p.line and p.line >= 2 for p in report.problems)
