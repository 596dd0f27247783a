"""Insert-or-update by natural key, in bulk, with history only for rows that really change."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import connection, models
from simple_history.utils import bulk_update_with_history

from core.actors import as_user
from core.kept import kept_figures_changed
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
    la_ids: set[int] | None = None,
) -> list[int]:
    """`rows` are dicts of attribute names (use `child_id`, not `child`) to clean values.
    A row whose values all equal the stored ones is left alone and makes no history.
    `la_ids`: the LAs whose figures the rows change, when the caller knows them (one LA's
    return), else looked up from the rows. Returns the primary keys of the rows created."""
    stored = {tuple(getattr(obj, f) for f in key): obj for obj in existing}
    creates: list[dict] = []
    updates: list[models.Model] = []
    changed_fields: set[str] = set()
    for data in rows:
        obj = stored.get(tuple(data[f] for f in key))
        if obj is None:
            creates.append(data)
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
    if la_ids is not None and (creates or updates):
        kept_figures_changed(la_ids=la_ids)
    elif creates or updates:
        _figures_changed(model, creates + [vars(obj) for obj in updates])
    report.count(label, "created", len(creates))
    report.count(label, "updated", len(updates))
    return created


def _write(model, creates, updates, changed_fields, actor, progress) -> list[int]:
    history = hasattr(model, "history")
    created: list[int] = []
    for start in range(0, len(creates), BATCH):
        batch = insert_rows(model, creates[start : start + BATCH])
        created += batch
        if history:
            record_creations(model, batch, actor=actor)
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


def insert_rows(model: type[models.Model], rows: list[dict]) -> list[int]:
    """New rows from dicts of attribute names; their primary keys, in order. On PostgreSQL the
    keys are drawn from the table's sequence in one statement and the rows sent by COPY, with
    no model instance: Django's bulk_create builds an object per row, prepares every value
    through its field, builds one INSERT with a placeholder per value and psycopg parses it
    again (half the CPU of a 100,000-child return). Values of plain types (numbers, text,
    dates, keys) go as they are, a missing one as the field's default; any other field
    prepares its own. Anything unusual (a name that is not a column, a time stamped on save,
    an inherited model) goes through bulk_create."""
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    names = {f.attname for f in fields}
    if (
        connection.vendor != "postgresql"
        or meta.parents
        or any(map(_stamped, fields))
        or any(not row.keys() <= names for row in rows)
    ):
        objs = model._default_manager.bulk_create([model(**row) for row in rows], batch_size=BATCH)
        return [obj.pk for obj in objs]
    qn = connection.ops.quote_name
    columns = ", ".join(qn(str(c)) for c in [meta.pk.column, *(f.column for f in fields)])
    readers = [_reader(f) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(rows)],
        )
        pks = [pk for (pk,) in cursor.fetchall()]
        with cursor.cursor.copy(f"COPY {qn(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for pk, row in zip(pks, rows, strict=True):
                copy.write_row([pk, *(read(row) for read in readers)])
    return pks


_PLAIN = (
    models.IntegerField, models.CharField, models.TextField, models.BooleanField,
    models.DecimalField, models.ForeignKey,
)  # fmt: skip


def _stamped(field) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def _reader(field) -> Callable[[dict], object]:
    """How to read the field's database value from a row (its default when the row has none,
    as a model instance would take it)."""
    name, default = field.attname, field.get_default
    django_own = type(field).__module__.startswith("django.db.models.fields")  # no custom field
    if django_own and (isinstance(field, _PLAIN) or type(field) is models.DateField):
        return lambda row: row[name] if name in row else default()
    prepare = field.get_db_prep_save
    return lambda row: prepare(row[name] if name in row else default(), connection)


def _figures_changed(model, rows: list[dict]) -> None:
    """Bulk writes send no signals: the LAs whose figures they change are told (core.kept).
    `rows`: the attributes of every row written."""
    names = {f.attname for f in model._meta.concrete_fields}
    if "child_id" in names:
        child = model._meta.get_field("child").related_model  # the framework names no app
        ids = {r["child_id"] for r in rows if "child_id" in r}
        kept_figures_changed(la_ids=child.objects.filter(pk__in=ids).values("la_id"))
    elif "la_id" in names:
        kept_figures_changed(la_ids={r["la_id"] for r in rows if "la_id" in r})
    else:  # schools and other shared rows
        kept_figures_changed()
