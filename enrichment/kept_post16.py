"""Who was in Years 12 and 13 this school year and on the roll on each month's 1st, kept for
today (core.kept has the rule for keeping them true): the dashboard's monthly EET share
(enrichment.figures.eet_by_month) counts these rows with each month's checks in the database,
instead of reading the year group's care episodes and applying the roll's rule on every 1st
for each of them after every change (a tenth of the dashboard's rebuild at 25,000 children in
December, and growing with each month of the year). The rule is
enrichment.figures.years_12_and_13."""

from __future__ import annotations

import datetime

from django.utils import timezone

from core.kept import Keeper, kept_current
from enrichment.figures import years_12_and_13
from enrichment.models import KeptPost16Month

WHAT = "post16_months"


def kept_post16_months(la, day: datetime.date):
    """The LA's kept rows (a queryset) when they are kept for `day` (today); None otherwise."""
    if day != timezone.localdate():
        return None
    kept_current(WHAT, {la.pk}, day)
    return KeptPost16Month.objects.filter(la=la)


def _store(children, day: datetime.date) -> int:
    rows = [
        KeptPost16Month(la_id=la_id, child_id=pk, month=month)
        for pk, (la_id, months) in years_12_and_13(children, day).items()
        for month in months
    ]
    KeptPost16Month.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _clear(children) -> None:
    KeptPost16Month.objects.filter(child__in=children.values("pk")).delete()


def keeper() -> Keeper:
    from authorities.models import LocalAuthority
    from children.models import CareEpisode, Child

    # The child's row gives the year group and the age on each 1st; the episodes whether they
    # were looked after; the LA whether short breaks count. A new day (a new month's 1st, a
    # new school year) rebuilds the LA.
    return Keeper(WHAT, _store, _clear, KeptPost16Month, child_models=(Child, CareEpisode),
                  la_models=(LocalAuthority,))  # fmt: skip
