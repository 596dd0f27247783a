"""The eligible-children count behind each grant year's allocation, kept on the grant year so a
money decision does not walk the LA's care episodes. It changes only when the episodes do (an
SSDA903 import, the demo builder), and those call `eligible_counts_forget`; the next reader
counts again. A rebuild (`eligible_counts_rebuild`) recounts every grant year."""

from __future__ import annotations

from funding.eligibility import FinancialYear, eligible_children
from funding.models import GrantYear


def eligible_count(grant: GrantYear) -> int:
    if grant.eligible_count is None:
        grant.eligible_count = len(eligible_children(grant.la, FinancialYear.parse(grant.year)))
        GrantYear.objects.filter(pk=grant.pk).update(eligible_count=grant.eligible_count)
    return grant.eligible_count


def eligible_counts_forget(la) -> None:
    """The LA's care episodes changed: every grant year of the LA counts again when next read."""
    GrantYear.objects.filter(la=la).update(eligible_count=None)  # an LA or its id


def eligible_counts_rebuild() -> int:
    GrantYear.objects.update(eligible_count=None)
    grants = GrantYear.objects.select_related("la")
    return sum(eligible_count(grant) for grant in grants)
