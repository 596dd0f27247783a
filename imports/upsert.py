"""Insert-or-update by natural key, in bulk, with history only for rows that really change."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import models
from simple_history.utils import bulk_update_with_history

from core.actors import as_user
from imports.history import record_creations
from imports.problems import Report

BATCH = 2000


def upsert(
    model: type[models.Model],
    *,
    key: tuple[str, ...],
    rows: Iterable[dict],
    existing: Iterable[models.Model],
    report: Report,
    label: str,
    actor,
    progress: Callable[[int], None] | None = None,
) -> list[models.Model]:
    """`rows` are dicts of attribute names (use `child_id`, not `child`) to clean values.
    A row whose values all equal the stored ones is left alone and makes no history.
    Returns the objects created (with their primary keys)."""
    stored = {tuple(getattr(obj, f) for f in key): obj for obj in existing}
    creates: list[models.Model] = []
    updates: list[models.Model] = []
    changed_fields: set[str] = set()
    for data in rows:
        obj = stored.get(tuple(data[f] for f in key))
        if obj is None:
            creates.append(model(**data))
            continue
        diff = [f for f, v in data.items() if f not in key and getattr(obj, f) != v]
        if not diff:
            report.count(label, "unchanged")
            continue
        for f in diff:
            setattr(obj, f, data[f])
        changed_fields.update(diff)
        updates.append(obj)
    created = _write(model, creates, updates, changed_fields, actor, progress)
    if creates or updates:
        _figures_changed(model, creates + updates)
    report.count(label, "created", len(creates))
    report.count(label, "updated", len(updates))
    return created


def _write(model, creates, updates, changed_fields, actor, progress) -> list[models.Model]:
    history = hasattr(model, "history")
    created: list[models.Model] = []
    for start in range(0, len(creates), BATCH):
        batch = model.objects.bulk_create(creates[start : start + BATCH], batch_size=BATCH)
        created += batch
        if history:
            record_creations(model, [obj.pk for obj in batch], actor=actor)
        if progress:
            progress(len(batch))
    if updates:
        fields = sorted(changed_fields)
        for start in range(0, len(updates), BATCH):
            batch = updates[start : start + BATCH]
            if history:
                bulk_update_with_history(
                    batch, model, fields, batch_size=BATCH, default_user=as_user(actor)
                )
            else:
                model.objects.bulk_update(batch, fields, batch_size=BATCH)
            if progress:
                progress(len(batch))
    return created


def _figures_changed(model, objs) -> None:
    """Bulk writes send no signals: the LAs whose figures they change are told (core.kept)."""
    from core.kept import kept_figures_changed

    if hasattr(objs[0], "child_id"):
        child = model._meta.get_field("child").related_model  # the framework names no app
        ids = {o.child_id for o in objs}
        kept_figures_changed(la_ids=child.objects.filter(pk__in=ids).values("la_id"))
    elif hasattr(objs[0], "la_id"):
        kept_figures_changed(la_ids={o.la_id for o in objs})
    else:  # schools and other shared rows
        kept_figures_changed()
