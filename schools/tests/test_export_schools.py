"""export_schools: one row per school with the LA's children on the roll that day, by URN; the
count of children per school agrees with one made here from the placements themselves."""

import csv
import io
from collections import Counter

import pytest
from django.core.management import call_command

from children.models import Child, EducationPlacement
from conftest import DEMO_AS_OF

pytestmark = pytest.mark.django_db


def _independent_counts(la, day) -> Counter:
    """Children of the LA on the roll on the day, by the URN of each school where they have a
    placement open that day (started on or before it, not ended before it). A dual-registered
    child counts at both schools, once at each."""
    on_roll = set(Child.objects.filter(la=la).on_roll(day).values_list("pk", flat=True))
    seen = set()
    for p in EducationPlacement.objects.filter(child__la=la).select_related("school"):
        if (
            p.child_id in on_roll
            and p.school
            and p.started_on <= day
            and (p.ended_on is None or p.ended_on >= day)
        ):
            seen.add((p.school.urn, p.child_id))
    return Counter(urn for urn, _ in seen)


def test_children_on_roll_per_school_agree_with_the_placements(demo_la, tmp_path):
    out = tmp_path / "schools.csv"
    call_command(
        "export_schools", "--la", "330", "--on", DEMO_AS_OF.isoformat(), "--output", str(out)
    )
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    expected = _independent_counts(demo_la, DEMO_AS_OF)
    assert rows and {int(r["urn"]): int(r["children_on_roll"]) for r in rows} == dict(expected)
    assert [int(r["urn"]) for r in rows] == sorted(int(r["urn"]) for r in rows)
    assert list(rows[0]) == [
        "urn",
        "name",
        "la_code",
        "area",
        "children_on_roll",
        "designated_teacher",
        "dt_trained_on",
        "dt_training_due",
        "last_visit",
        "next_visit_due",
        "open_actions",
        "self_evaluation_rating",
    ]
    assert all(int(r["children_on_roll"]) >= 1 for r in rows)
