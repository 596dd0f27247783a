"""Grow a benchmark's data set-based, inside the database with INSERT ... SELECT, k times over,
so 25,000 children take a few minutes to make rather than hours of Python. Two ways:

- `clone_roll`: one LA's roll grown. Every child and everything hanging off a child (care
  history, placements, marks, PEPs, money lines...) is copied; keys to shared rows (schools,
  terms, users, the grant year) are kept, so the copies are more children of the same LA,
  taught in the same schools, known to the same staff.
- `clone_las`: more LAs in one deployment. The LA itself, its people (their accounts and
  roles), and everything that reaches either by foreign keys (its terms, grant years, areas,
  children and all that hangs off them) is copied: each copy is an LA like the first, with
  its own staff, whose children go to the same schools (neighbouring LAs, as a regional
  service holds). A copy's LA code is the first's plus k.

Each copy adds k * OFFSET to every primary key and to every foreign key that points at a copied
table. Natural keys that would clash get the suffix "-k": unique text (an account's email, an
advice reference) in both ways, and in a grown roll the LA's child ID. A row that points at no
copied row is not copied (a national benchmark figure has no LA). Kept state, logs and history
are not copied: the kept state is rebuilt by its first reader. Run on a database that holds
one LA (the benchmark's), before any copy of the other kind: every row of a copied table is a
source row."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction

OFFSET = 10_000_000
# Rows not copied in a grown roll: a payment run is one per grant year and number (copied
# lines stay on the source's runs), and a social worker's caseload (relationships) stays the
# size it was. Copies of whole LAs copy both.
NOT_IN_A_GROWN_ROLL = {"children.childrelationship", "funding.paymentrun"}
# The sign-in library's own rows (verified addresses, second factors): a copy's people are
# signed in by the benchmark, as the first LA's are.
NOT_OURS = ("account.", "mfa.", "socialaccount.", "usersessions.")


@dataclass(frozen=True)
class Plan:
    roots: tuple[str, ...]
    skipped: frozenset[str] = frozenset()
    # Foreign keys written NULL in a copy.
    nulled: frozenset[tuple[str, str]] = frozenset()
    # Text given the suffix "-k" whole (besides unique columns, which always get it).
    suffixed: frozenset[tuple[str, str]] = frozenset()


# An advisor's caseload stays the size it was too: a larger LA has more advisors, not larger
# caseloads (copies are not allocated).
GROWN_ROLL = Plan(
    roots=("children.Child",),
    skipped=frozenset(NOT_IN_A_GROWN_ROLL),
    nulled=frozenset({("children.child", "education_support_advisor")}),
    suffixed=frozenset({("children.child", "la_child_id")}),
)
# A school's designated teacher is the school's, whichever LA's children go there.
MORE_LAS = Plan(
    roots=("authorities.LocalAuthority", "accounts.User"),
    skipped=frozenset({"schools.designatedteacher"}),
)


def copied_models(plan: Plan = GROWN_ROLL) -> list[type[models.Model]]:
    """The plan's roots and every model that reaches one by foreign keys, parents before
    children."""
    candidates = [m for m in apps.get_models() if _copyable(m, plan)]
    reach = {apps.get_model(root) for root in plan.roots}
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


def _copyable(model, plan: Plan) -> bool:
    """Not kept state (rebuilt by its first reader), history or logs."""
    label = model._meta.label_lower
    return not (
        label in plan.skipped
        or model._meta.proxy
        or not model._meta.managed
        or model.__name__.startswith("Kept")
        or label.split(".")[1].startswith("historical")
        or label.startswith(("audit.", "sessions.", "admin.", "django_tasks", *NOT_OURS))
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
    _clone(GROWN_ROLL, first, last)


def clone_las(*, first: int, last: int) -> None:
    """Add copies number `first` to `last` of the LA (its people, and what hangs off both)."""
    _clone(MORE_LAS, first, last)


def _clone(plan: Plan, first: int, last: int) -> None:
    chosen = copied_models(plan)
    with transaction.atomic():
        for k in range(first, last + 1):
            for model in chosen:
                _copy(model, chosen, plan, k * OFFSET)
        _reset_sequences(chosen)


def _copy(model, chosen, plan: Plan, offset: int) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    columns, values = [], []
    for field in model._meta.concrete_fields:
        column = connection.ops.quote_name(field.column)
        columns.append(column)
        values.append(_value(model, field, column, (chosen, plan), offset))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} "
            f"FROM {table} WHERE {_source_key(model, chosen)} < %s{_belongs(model, chosen)}",
            [OFFSET],
        )


def _belongs(model, chosen) -> str:
    """A row that points at no copied row is not the copied thing's (a national benchmark has
    no LA): only rows with one of their keys to copied tables filled are copied."""
    keys = [
        f"{connection.ops.quote_name(f.column)} IS NOT NULL"
        for f in _fks(model)
        if _target(f) in chosen and _target(f) is not model and f.null
    ]
    required = any(
        _target(f) in chosen and _target(f) is not model and not f.null for f in _fks(model)
    )
    return "" if required or not keys else f" AND ({' OR '.join(keys)})"


def _source_key(model, chosen) -> str:
    """The column that tells a source row from a copy: the primary key, or for a composite key
    (a session mark) its foreign key to a copied table."""
    column = model._meta.pk.column or next(
        f.column for f in model._meta.concrete_fields if f.is_relation and _target(f) in chosen
    )
    return connection.ops.quote_name(column)


def _value(model, field, column: str, context, offset: int) -> str:
    chosen, plan = context
    k = offset // OFFSET
    if field.primary_key and not field.is_relation:
        return f"{column} + {offset}"
    if field.is_relation and _target(field) in chosen:
        return f"{column} + {offset}"
    if (model._meta.label_lower, field.name) in plan.nulled:
        return "NULL"
    if (model._meta.label_lower, field.name) == ("authorities.localauthority", "code"):
        return f"CAST(CAST({column} AS INTEGER) + {k} AS VARCHAR(3))"
    if (model._meta.label_lower, field.name) in plan.suffixed:
        return f"{column} || '-{k}'"
    if field.unique:
        # Within the column's length: a token's hash fills its 64 characters.
        keep = field.max_length - len(f"-{k}")
        return f"SUBSTR({column}, 1, {keep}) || '-{k}'"
    return column


def _reset_sequences(chosen) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), chosen)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
