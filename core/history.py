"""Saving one row from a service: validate it, then save it with its author in the history."""

from __future__ import annotations

from django.db import models


def save_validated(obj: models.Model, *, actor) -> None:
    """full_clean() then save(), recording `actor` on django-simple-history's row."""
    from core.actors import as_user

    obj.full_clean()
    # simple-history's hook; the service itself (SYSTEM) is recorded as no one, and a missing
    # actor is refused (as_user), never recorded as no one by accident.
    obj._history_user = as_user(actor)  # type: ignore[attr-defined]
    obj.save()
