"""Grow an LA's roll set-based: copy every child and everything hanging off a child (care
history, placements, marks, PEPs, money lines...) inside the database with INSERT ... SELECT,
k times over, so a 25,000-child LA takes a few minutes to make rather than hours of Python.

Each copy adds k * OFFSET to every primary key and to every foreign key that points at a copied
table; keys to shared rows (schools, terms, users, the grant year) are kept, so the copies are
more children of the same LA, taught in the same schools, known to the same staff. The one
natural key that would clash, the LA's child ID, gets a suffix. Run on a database that holds one
LA (the benchmark's), before any copy: every row of a copied table is a source row."""

from __future__ import annotations

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction

OFFSET = 10_000_000
# Derived, kept or logged rows: rebuilt (kept state) or not wanted (history, audit) in a copy.
# A payment run is one per grant year and number: copied lines stay on the source's runs.
# A social worker's caseload (relationships) stays the size it was.
NOT_COPIED = {
    "children.childrelationship",
    "core.keptday",
    "attendance.keptalert",
    "peps.keptpepdue",
    "funding.paymentrun",
}
SUFFIXED = {("children.child", "la_child_id")}
# An advisor's caseload stays the size it was too: a larger LA has more advisors, not larger
# caseloads (copies are not allocated).
NULLED = {("children.child", "education_support_advisor")}


def copied_models() -> list[type[models.Model]]:
    """Child and every model that reaches it by foreign keys, parents before children."""
    child = apps.get_model("children", "Child")
    candidates = [m for m in apps.get_models() if _copyable(m)]
    reach = {child}
    while grown := {
        m for m in candidates if m not in reach and any(_target(f) in reach for f in _fks(m))
    }:
        reach |= grown
    ordered: list[type[models.Model]] = []
    while len(ordered) < len(reach):
        ordered += [
            m for m in candidates if m in reach and m not in ordered and _ready(m, reach, ordered)
        ]
    return ordered


def _copyable(model) -> bool:
    label = model._meta.label_lower
    return not (
        label in NOT_COPIED
        or model._meta.proxy
        or not model._meta.managed
        or label.split(".")[1].startswith("historical")
        or label.startswith(("audit.", "sessions.", "admin.", "django_tasks"))
    )


def _ready(model, reach, ordered) -> bool:
    """A model waits until every copied model it points at has been placed."""
    return all(
        _target(f) is model or _target(f) not in reach or _target(f) in ordered for f in _fks(model)
    )


def _fks(model):
    return [f for f in model._meta.concrete_fields if f.is_relation]


def _target(field):
    return field.related_model._meta.concrete_model


def clone_roll(*, first: int, last: int) -> None:
    """Add copies number `first` to `last` of every child (and what hangs off each)."""
    chosen = copied_models()
    with transaction.atomic():
        for k in range(first, last + 1):
            for model in chosen:
                _copy(model, chosen, k * OFFSET)
        _reset_sequences(chosen)


def _copy(model, chosen, offset: int) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    columns, values = [], []
    for field in model._meta.concrete_fields:
        column = connection.ops.quote_name(field.column)
        columns.append(column)
        values.append(_value(model, field, column, chosen, offset))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} "
            f"FROM {table} WHERE {_source_key(model, chosen)} < %s",
            [OFFSET],
        )


def _source_key(model, chosen) -> str:
    """The column that tells a source row from a copy: the primary key, or for a composite key
    (a session mark) its foreign key to a copied table."""
    column = model._meta.pk.column or next(
        f.column for f in model._meta.concrete_fields if f.is_relation and _target(f) in chosen
    )
    return connection.ops.quote_name(column)


def _value(model, field, column: str, chosen, offset: int) -> str:
    if field.primary_key and not field.is_relation:
        return f"{column} + {offset}"
    if field.is_relation and _target(field) in chosen:
        return f"{column} + {offset}"
    if (model._meta.label_lower, field.name) in NULLED:
        return "NULL"
    if (model._meta.label_lower, field.name) in SUFFIXED:
        return f"{column} || '-{offset // OFFSET}'"
    return column


def _reset_sequences(chosen) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), chosen)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
