"""What the current transaction has already told `core.kept` (issue 13): an LA whose change it
has counted (a `KeptChange` row), and the LA of each child it has touched. A transaction that
saves 500 rows about one LA's children then adds one row and asks for each child's LA once,
where it used to add 500 rows after 500 queries.

A mark is an on_commit entry beside the row it stands for. Django drops the entry exactly when
the row goes: when the savepoint that added both rolls back, or when the transaction ends (commit
or rollback). So a mark found in `connection.run_on_commit` always means the row is still in
this transaction. A reader of the version spends the LA's mark, so that a change after a read
in the same transaction counts again (the reader may have filed figures under the version).
Outside a transaction (autocommit) nothing is remembered: every change is its own commit."""

from __future__ import annotations

from django.db import transaction


class _Mark:
    """A no-op on_commit callback that carries an LA id."""

    __slots__ = ("la_id", "spent")

    def __init__(self, la_id: int) -> None:
        self.la_id, self.spent = la_id, False

    def __call__(self) -> None:
        pass


class _State:
    def __init__(self, hooks: list) -> None:
        self.hooks = hooks  # the connection's run_on_commit list this state was read from
        self.marks = {f.la_id: f for _, f, _ in hooks if isinstance(f, _Mark) and not f.spent}
        self.child_las: dict[int, int | None] = {}


def _state():
    """This transaction's record, or None outside one. Django replaces run_on_commit with a new
    list at commit, rollback and a savepoint's rollback, so a record read from another list is
    stale: read it again (the child-to-LA answers are dropped with it, which only costs queries)."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return None
    state = getattr(connection, "_kept_marks", None)
    if state is None or state.hooks is not connection.run_on_commit:
        state = connection._kept_marks = _State(connection.run_on_commit)
    return state


def unmarked(la_ids) -> list:
    """Those of these LA ids this transaction has not counted a change to yet."""
    state = _state()
    return list(la_ids) if state is None else [pk for pk in la_ids if pk not in state.marks]


def mark(la_ids) -> None:
    """This transaction has added a change row for each of these LAs."""
    state = _state()
    if state is None:
        return
    for pk in la_ids:
        state.marks[pk] = _Mark(pk)
        transaction.on_commit(state.marks[pk])


def spend(la_id: int) -> None:
    """The LA's version has been read: its next change in this transaction counts again."""
    state = _state()
    if state is not None and (found := state.marks.pop(la_id, None)) is not None:
        found.spent = True


def spend_all() -> None:
    """Every LA's version has been read (figures that read other LAs' facts too)."""
    state = _state()
    if state is None:
        return
    for found in state.marks.values():
        found.spent = True
    state.marks.clear()


def child_las(child_ids, look_up) -> set[int]:
    """The LAs of these children: `look_up(ids) -> {child id: LA id}` asked, in one call, only
    for the children this transaction has not asked about (a child gone has none)."""
    state = _state()
    known = {} if state is None else state.child_las
    unknown = [pk for pk in child_ids if pk not in known]
    if unknown:
        found = look_up(unknown)
        known.update({pk: found.get(pk) for pk in unknown})
    return {known[pk] for pk in child_ids} - {None}
