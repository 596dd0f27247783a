"""Small database helpers shared by every app."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection


def one_of(values: Iterable, sql_type: str = "bigint"):
    """The right-hand side of an `__in` lookup over many values: on PostgreSQL one array
    parameter (`IN (SELECT unnest(%s::bigint[]))`), not a statement of 25,000 placeholders that
    Django builds and psycopg parses again (seconds for a 25,000-child roll's figures); the
    values themselves elsewhere."""
    values = list(values)
    if connection.vendor != "postgresql":
        return values
    from django.db.models.expressions import RawSQL

    return RawSQL(f"SELECT unnest(%s::{sql_type}[])", [values])  # noqa: S611 - a type name of ours
