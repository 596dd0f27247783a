"""The school place report (`school_place_report`): one row per child on the roll without a
current school place or with an open case, by child id, with the clocks from
school_places.rules and the roll's no-school-place rule (children.alerts)."""

from __future__ import annotations

import datetime

REPORT_COLUMNS = (
    "child_id",
    "without_place_since",
    "school_days_without_place",
    "case_status",
    "case_opened_on",
    "applications",
    "next_deadline",
)


def school_place_rows(la, day: datetime.date) -> list[tuple]:
    from django.db.models import Count, Min, Q

    from children.alerts import no_school_place_alerts
    from children.models import Child
    from school_places.models import Case

    on_roll = Child.objects.filter(la=la).on_roll(day)
    waiting = {a.child.pk: a for a in no_school_place_alerts(on_roll.select_related("la"), day)}
    cases = (
        Case.objects.filter(la=la, opened_on__lte=day)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))
        .annotate(
            n=Count("applications"),
            next_due=Min("applications__decision_due", filter=Q(applications__decision="")),
        )
        .select_related("child")
    )
    open_by_child = {c.child_id: c for c in cases}
    ids = set(waiting) | set(open_by_child)
    children = {c.pk: c for c in Child.objects.filter(pk__in=ids)}
    rows = []
    for pk in sorted(ids, key=lambda p: children[p].la_child_id):
        alert, case = waiting.get(pk), open_by_child.get(pk)
        rows.append(
            (
                children[pk].la_child_id,
                _iso(alert.since if alert else None),
                alert.school_days if alert else "",
                case.get_step_display() if case else "",
                _iso(case.opened_on if case else None),
                case.n if case else 0,
                _iso(case.next_due if case else None),
            )
        )
    return rows


def _iso(day) -> str:
    return day.isoformat() if day else ""
