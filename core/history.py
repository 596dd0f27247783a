"""Saving one row from a service: validate it, then save it with its author in the history."""

from __future__ import annotations

from django.db import models


def save_validated(obj: models.Model, *, actor) -> None:
    """full_clean() then save(), recording `actor` on django-simple-history's row."""
    obj.full_clean()
    obj._history_user = actor  # type: ignore[attr-defined]  # simple-history's hook
    obj.save()
