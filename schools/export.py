"""The schools export (`export_schools`): one row per school with at least one of the LA's
children on the roll on the day, by URN. Counts from schools.figures, which uses the roll's
rules; no child is named."""

from __future__ import annotations

import datetime

from django.utils import timezone

from schools.models import AreaSchool
from schools.selectors import schools_with_our_children

SCHOOL_COLUMNS = (
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
)


def school_export_rows(la, day: datetime.date) -> list[tuple]:
    from schools.figures import school_rows

    schools = list(schools_with_our_children(la, day))
    areas = dict(AreaSchool.objects.filter(la=la).values_list("school_id", "area__name"))
    found = school_rows(la, schools, day, areas, now=day == timezone.localdate())
    found.sort(key=lambda r: r.school.urn)
    return [_row(la, r) for r in found]


def _row(la, r) -> tuple:
    return (
        r.school.urn,
        r.school.name,
        r.school.la_code,
        r.area,
        r.ours,
        r.dt.name if r.dt else "",
        _iso(r.dt.trained_on if r.dt else None),
        _iso(r.dt_training_due),
        _iso(r.last_visit),
        _iso(r.next_visit_due),
        r.open_actions,
        r.self_evaluation,
    )


def _iso(day) -> str:
    return day.isoformat() if day else ""
