"""Small database helpers shared by every app."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.db.models.query import ValuesListIterable


def one_of(values: Iterable, sql_type: str = "bigint"):
    """The right-hand side of an `__in` lookup over many values: on PostgreSQL one array
    parameter (`IN (SELECT unnest(%s::bigint[]))`), not a statement of 25,000 placeholders that
    Django builds and psycopg parses again (seconds for a 25,000-child roll's figures); the
    values themselves elsewhere."""
    values = list(values)
    if connection.vendor != "postgresql":
        return values
    from django.db.models.expressions import RawSQL

    return RawSQL(f"SELECT unnest(%s::{sql_type}[])", [_array(values)])  # noqa: S611 - ours


def _array(values: list):
    """Whole numbers as the array's text ('{1,2,3}', which PostgreSQL casts): psycopg adapts a
    list of 25,000 ints one by one, 18 ms each time a dashboard passes its roll; this is 2 ms.
    Anything else (or a bool, an int too) goes to psycopg as it is."""
    if set(map(type, values)) <= {int}:
        return "{" + ",".join(map(str, values)) + "}"
    return values


def plain_rows(queryset) -> list[tuple]:
    """A `values_list` queryset's rows as PostgreSQL's driver returns them, without Django's
    converters applied row by row: psycopg already returns whole numbers, text, booleans and
    dates as Python's own. A column worked out in the query (a sum of integer columns) gets
    Django's int() on every row: reading a grown roll's 25,000 kept attendance lines took
    45.6 ms with it and 28.9 without (median of 16, in turn, in one process). Only for columns
    whose database type is the value wanted: not a SUM of a bigint (PostgreSQL makes it
    numeric) nor a field with its own from_db_value. Elsewhere (SQLite returns dates as text)
    the ORM's rows, converted."""
    if queryset._iterable_class is not ValuesListIterable:
        raise TypeError("plain_rows reads a values_list() queryset, not flat or named rows")
    db = connections[queryset.db]
    if db.vendor != "postgresql":
        return list(queryset)
    try:
        sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:  # e.g. `pk__in=[]`: the ORM would not ask the database either
        return []
    with db.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
