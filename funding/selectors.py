"""Reads for the PP+ pages that list many rows: filtered, annotated and paged in the database."""

from __future__ import annotations

import datetime

from django.db.models import OuterRef, QuerySet, Subquery

from core.kept import kept_current
from funding.models import GrantYear, PpRequest


def requests_listed(grant: GrantYear, status: str, today: datetime.date) -> QuerySet[PpRequest]:
    """A grant year's requests with one decision status, oldest first, each with the child's
    school today (`school_name`: from the kept roll state, peps.kept_due, which keeps where each
    child on the roll is; blank for a child not on the roll or without a school place)."""
    from peps.kept_due import WHAT
    from peps.models import KeptPepDue

    kept_current(WHAT, [grant.la_id], today)
    school = KeptPepDue.objects.filter(child=OuterRef("target__pep__child")).values("school__name")
    rows = grant.requests.filter(status=status).select_related("target__pep__child")
    return rows.annotate(school_name=Subquery(school[:1])).order_by("pk")
