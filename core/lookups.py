"""Reaching one object through an access helper's queryset."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404


def one_or_404(qs: QuerySet, pk):
    """The object with this id among those the queryset lets the user reach, else a 404 (a
    malformed id too: outside reach and non-existent look the same)."""
    found = qs.filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404("Not found")
    return found
