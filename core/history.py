"""Saving one row from a service: validate it, then save it with its author in the history."""

from __future__ import annotations

from django.db import models


def save_validated(obj: models.Model, *, actor) -> None:
    """full_clean() then save(), recording `actor` on django-simple-history's row."""
    from core.actors import SYSTEM

    obj.full_clean()
    # simple-history's hook; the service itself (SYSTEM) is recorded as no one.
    obj._history_user = None if actor is SYSTEM else actor  # type: ignore[attr-defined]
    obj.save()
