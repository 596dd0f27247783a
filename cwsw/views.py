"""The cohort figures page: one census date at a time (31 March of a year, so two near days
cannot be set side by side to find a child who joined between them), every figure suppressed
below the LA's threshold, compared with all pupils nationally (the benchmarks)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from authorities.models import LocalAuthority
from cwsw.access import cwsw_la_ids
from cwsw.figures import BENCHMARKS, MEASURES, cohort_rows, group_label
from cwsw.rules import COHORTS
from reports.content import benchmarks_for


def census_days(today: datetime.date) -> list[datetime.date]:
    """31 March of the last six years up to today, the latest first."""
    days = [datetime.date(today.year - i, 3, 31) for i in range(7)]
    return [d for d in days if d <= today][:6]


@require_GET
def figures(request):
    la = LocalAuthority.objects.filter(pk__in=cwsw_la_ids(request.user)).order_by("name").first()
    if la is None:
        raise PermissionDenied
    days = census_days(timezone.localdate())
    raw = request.GET.get("on", "")
    day = next((d for d in days if d.isoformat() == raw), days[0])
    rows = cohort_rows(la, day, la.small_number_suppression)
    marks = benchmarks_for(la)
    tables = []
    for cohort, title in COHORTS.items():
        mine = [r for r in rows if r.cohort == cohort]
        tables.append(
            (
                title,
                [
                    (
                        m,
                        label,
                        marks.get(BENCHMARKS.get(m, "")),
                        [(group_label(r.group), r) for r in mine if r.measure == m],
                    )
                    for m, label in MEASURES.items()
                ],
            )
        )
    context = {
        "la": la,
        "day": day,
        "days": days,
        "tables": tables,
        "threshold": la.small_number_suppression,
    }
    return render(request, "cwsw/figures.html", context)
