"""Reads for other apps: what a child has taken part in (a PEP section cites it)."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from enrichment.models import Booking

A_YEAR = datetime.timedelta(days=365)


def taken_part(child, today: datetime.date) -> QuerySet[Booking]:
    """Activities the child attended in the last twelve months, the latest first."""
    return (
        Booking.objects.filter(child=child, attended=True, activity__starts_on__gt=today - A_YEAR)
        .select_related("activity", "evaluation")
        .order_by("-activity__starts_on")
    )
