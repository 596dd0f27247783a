"""Creation history for rows inserted in bulk, written by one INSERT ... SELECT per batch.

django-simple-history's bulk helper builds a Python object per historical row, which costs twice
the insert itself on a 100,000-child return; copying the just-inserted rows in SQL gives the same
historical records ("+", who, when) for a fraction of the time."""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from core.actors import as_user


def record_creations(model, ids: list[int], *, actor, reason: str = "import") -> None:
    if not ids:
        return
    history = model.history.model
    tracked = {f.column for f in history._meta.concrete_fields}
    columns = [f.column for f in model._meta.concrete_fields if f.column in tracked]
    qn = connection.ops.quote_name
    names = ", ".join(qn(c) for c in columns)
    pk = qn(model._meta.pk.column)
    keys: list
    if connection.vendor == "postgresql":  # one array: no statement of 2,000 placeholders to parse
        which, keys = f"{pk} = ANY(%s)", [list(ids)]
    else:
        which, keys = f"{pk} IN ({', '.join(['%s'] * len(ids))})", list(ids)
    # Identifiers come from model metadata, quoted; every value is a bound parameter.
    sql = (
        f"INSERT INTO {qn(history._meta.db_table)} ({names}, {qn('history_date')}, "  # noqa: S608
        f"{qn('history_type')}, {qn('history_user_id')}, {qn('history_change_reason')}) "
        f"SELECT {names}, %s, '+', %s, %s FROM {qn(model._meta.db_table)} WHERE {which}"
    )
    user = as_user(actor)  # SYSTEM (a command) is recorded as no one; None is refused
    user_id = user.pk if user is not None else None
    with connection.cursor() as cursor:
        cursor.execute(sql, [timezone.now(), user_id, reason, *keys])
