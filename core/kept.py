"""State kept for the pages, not recomputed on each request (issue 13): each kind is rows per
child worked out from the facts for a day (attendance alerts, the PEP due now). This module
holds the one rule for keeping them true.

- A change to some children's facts (a row saved or deleted on its own: an exclusion, a
  placement, a PEP, a care episode; or the marks writer) rebuilds those children's rows, in the
  change's own transaction, for the day their LA is kept for.
- A change that reaches the whole LA (a return, an import in bulk, terms and closures, the LA's
  thresholds) forgets the LA's day, and so does a new day: the first reader rebuilds the LA in
  full under a row lock, so no page shows state older than the last committed change or worked
  out for another day. `refresh_kept_state` (daily, after midnight) does it before anyone asks.

Each kind registers a Keeper: how to work out and store rows for some children on a day, how to
clear them, and which single-row models change them (their saves and deletes arrive by signal;
bulk writers call `kept_refresh_children`, `kept_refresh_selected` or `kept_forget` themselves).

Figures kept whole (`kept_figures`: the dashboard, worked out once per LA, day and filter; the
LA's school rows) sit in the shared cache under the LA's version (its changes committed today,
`KeptChange`), which every change to the LA's facts raises: a save or delete of any row about
one of its children, its terms or settings, a school, or what the school rows read (areas,
visits, actions, self-evaluations, designated teachers) (by signal);
the bulk writers (imports.upsert, the marks writer, the return) through `kept_figures_changed`,
`kept_refresh_children` or `kept_forget`. A reader that finds no entry for the current version
works the figures out and stores them; an entry for an older version is never read again."""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import pickle
import threading
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from core import kept_marks
from core.models import KeptChange, KeptDay


@dataclass(frozen=True)
class Keeper:
    what: str  # at most 30 characters
    store: Callable  # (children queryset, day) -> rows stored
    clear: Callable  # (children queryset) -> None
    model: type[models.Model]  # where the rows are kept
    child_models: tuple = ()  # rows with child_id (or a child itself) whose saves change it
    la_models: tuple = ()  # rows with la_id (or an LA itself) whose saves change every child
    # (children queryset, day, (first, last) day of the rows written) -> None: brings the rows
    # up to date after a bulk writer changed only rows of `changed_only` (the marks writer),
    # cheaper than clear and store; optional.
    changed_only: type[models.Model] | None = None
    refresh_changed: Callable | None = None


_KEEPERS: dict[str, Keeper] = {}


class Kept:
    """Rows (kept, or any queryset) read through `convert`, sliced and counted in the
    database: what a Paginator pages."""

    def __init__(self, rows, convert):
        self.rows, self.convert = rows, convert

    def __len__(self) -> int:
        return self.rows.count()

    def count(self) -> int:  # as a QuerySet's: what the Paginator and the lists' counts call
        return len(self)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.convert(r) for r in self.rows[index]]
        return self.convert(self.rows[index])

    def __iter__(self):
        return (self.convert(r) for r in self.rows)


def register(keeper: Keeper) -> None:
    from django.db.models.signals import post_delete, post_save

    _KEEPERS[keeper.what] = keeper
    for signal in (post_save, post_delete):
        for model in keeper.child_models:
            signal.connect(_child_saved, sender=model, dispatch_uid=f"kept-c-{model}-{signal}")
        for model in keeper.la_models:
            signal.connect(_la_saved, sender=model, dispatch_uid=f"kept-l-{model}-{signal}")


def _child_saved(sender, instance, **kwargs) -> None:
    if _deleted_with_its_owner(sender, kwargs.get("origin")):
        return
    kept_refresh_children([instance.pk if sender is _child_model() else instance.child_id])


def _deleted_with_its_owner(sender, origin) -> bool:
    """A row deleted because its child is (Django's cascade): the child's own delete refreshes
    once, where each of its rows (a year of marks) would rebuild the child's state again, row
    by row, before the child itself goes. (An LA with children cannot be deleted: PROTECT.)"""
    if isinstance(origin, models.QuerySet):
        origin = origin.model
    elif isinstance(origin, models.Model):
        origin = type(origin)
    return origin is _child_model() and sender is not origin


def _la_saved(sender, instance, **kwargs) -> None:
    kept_forget(getattr(instance, "la_id", None) or instance.pk)


def kept_las(children):
    """The LAs of these children (a Child queryset), for a keeper that works per LA."""
    from authorities.models import LocalAuthority

    la_ids = children.order_by().values_list("la_id", flat=True).distinct()
    return LocalAuthority.objects.filter(pk__in=la_ids)


def _children(**filters):
    from children.models import Child

    return Child.objects.filter(**filters)


def kept_scope(children, whole=()) -> tuple[Q, set[int]]:
    """(the kept rows of `children`, a Child queryset; the LAs they belong to). LAs in `whole`
    are ones the reader sees in full: their rows are chosen by LA (its index), the rest child
    by child, listed when few (usually none) so the planner can still use the LA's index."""
    whole = set(whole)
    others = outside(children, whole)
    few = list(others.order_by().values_list("pk", "la_id")[: _FEW + 1])
    if len(few) <= _FEW:
        q, la_ids = Q(child__in=[pk for pk, _ in few]), {la for _, la in few}
    else:
        q = Q(child__in=others.values("pk"))
        la_ids = set(others.order_by().values_list("la_id", flat=True).distinct())
    return (q | Q(la_id__in=whole) if whole else q), la_ids | whole


_FEW = 1000


def outside(children, la_ids):
    """`children` not in these LAs, as `la_id IN (the other LAs)`: the LA index finds them,
    where `NOT la_id IN (...)` would read every child."""
    if not la_ids:
        return children
    from authorities.models import LocalAuthority

    return children.filter(la_id__in=LocalAuthority.objects.exclude(pk__in=la_ids).values("pk"))


def kept_current(what: str, la_ids, today: datetime.date) -> None:
    """Rebuild, in full, each of these LAs (ids, or a query of LA ids: "every LA but ours"
    costs one query however many LAs there are) whose state of this kind is not kept for
    today."""
    from authorities.models import LocalAuthority

    fresh = KeptDay.objects.filter(what=what, computed_for=today).values("la_id")
    stale = LocalAuthority.objects.filter(pk__in=la_ids).exclude(pk__in=fresh)
    # In one order: two readers bringing the same LAs up to day take their locks alike.
    for la_id in list(stale.order_by("pk").values_list("pk", flat=True)):
        kept_rebuild_la(what, la_id, today)


@transaction.atomic
def kept_rebuild_la(what: str, la_id: int, today: datetime.date) -> int:
    # The lock: two first readers of a new day do not rebuild the LA twice at once.
    KeptDay.objects.get_or_create(la_id=la_id, what=what)
    day = KeptDay.objects.select_for_update().get(la_id=la_id, what=what)
    if day.computed_for == today:
        return 0
    keeper, children = _KEEPERS[what], _children(la_id=la_id)
    keeper.clear(children)
    made = keeper.store(children, today)
    day.computed_for = today
    day.save(update_fields=["computed_for"])
    _analyze(keeper.model, made)
    return made


def _analyze(model, made: int) -> None:
    """After an LA's rows are written afresh, PostgreSQL's statistics for the table are told
    at once, not whenever autovacuum next looks: planned on statistics taken before a rebuild,
    the schools' alerts join took 1.96 s at 25,000 children instead of 18 ms. (ANALYZE samples a
    fixed number of rows, so it costs the same at any size.) Its lock on the table is held to
    the end of the transaction, which may go on to rebuild other kinds: SKIP_LOCKED never waits
    for it, so two LAs' first readers rebuilding kinds in different orders cannot deadlock
    (the one skipped reads the other's statistics once they commit). Only when the LA's rows
    are a tenth of what the statistics say the table holds, or more: one LA of many changes
    little, and autovacuum follows the drift (the daily job rebuilds every LA)."""
    if connection.vendor != "postgresql":
        return
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if _estimate_off(cursor, table, made):
            cursor.execute(f"ANALYZE (SKIP_LOCKED) {table}")


def _estimate_off(cursor, table: str, made: int) -> bool:
    cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
    return made * 10 >= cursor.fetchone()[0]  # -1: never analysed


@transaction.atomic
def kept_refresh_children(child_ids: Iterable[int]) -> None:
    """These children's facts changed: rebuild their rows of every kind, for the day their LA
    is kept for (an LA not kept for any day is rebuilt in full by its next reader anyway)."""
    child_ids = list(child_ids)
    children = _children(pk__in=child_ids)
    if len(child_ids) <= _FEW_LOOKUPS:  # one child's save: its LA is known to the transaction
        la_ids = kept_marks.child_las(child_ids, _las_of_children)
    else:
        la_ids = set(children.order_by().values_list("la_id", flat=True).distinct())
    _refresh(children, la_ids)


@transaction.atomic
def kept_refresh_selected(sql: str, la_ids: set[int], *, changed=None, dates=None) -> None:
    """kept_refresh_children for the children of these LAs that a query names (a bulk
    writer's staging table, `SELECT child_id FROM ...`): a day of marks for 100,000 children
    no longer sends their ids back to the database, twice per kind, as a list. `changed`: the
    one model the writer wrote; only the kinds it changes (their `child_models`) are rebuilt
    (a day of marks changes no PEP due or dashboard line); `dates`: the first and last day of
    the rows it wrote, for a kind's own refresh (Keeper.refresh_changed)."""
    from django.db.models.expressions import RawSQL

    children = _children(pk__in=RawSQL(sql, []))  # noqa: S611 - a writer's own query
    _refresh(children, la_ids, changed, dates)


def _refresh(children, la_ids: set[int], changed=None, dates=None) -> None:
    kept_figures_changed(la_ids=la_ids)
    days = KeptDay.objects.filter(computed_for__isnull=False, la__in=la_ids)
    for what, la_id, day in days.values_list("what", "la_id", "computed_for"):
        theirs, keeper = children.filter(la_id=la_id), _KEEPERS[what]
        if changed is not None and changed not in keeper.child_models:
            continue
        if dates and changed is keeper.changed_only and keeper.refresh_changed:
            keeper.refresh_changed(theirs, day, dates)
            continue
        keeper.clear(theirs)
        keeper.store(theirs, day)


_FEW_LOOKUPS = 20


def kept_forget(la) -> None:
    """A change that reaches the whole LA (an LA or its id): its next readers rebuild it."""
    KeptDay.objects.filter(la=la).update(computed_for=None)
    kept_figures_changed(la_ids=[getattr(la, "pk", la)])


def kept_catch_up(la) -> None:
    """After a change that reached the whole LA has committed (an import, in its task worker):
    its kept state rebuilt for today and the figures its pages open with worked out, so that
    the pages' first reader after an import does not wait for them. A reader who comes first
    rebuilds it instead (the LA's row lock orders them; the second finds it done)."""
    today = timezone.localdate()
    for what in _KEEPERS:
        kept_current(what, {la.pk}, today)
    for warm in _WARMERS:
        warm(la, today)


def kept_rebuild(today: datetime.date) -> dict[str, int]:
    """Every kind for every LA, from the facts (the command `refresh_kept_state`)."""
    from authorities.models import LocalAuthority

    KeptDay.objects.update(computed_for=None)
    kept_changes_prune(today)
    la_ids = list(LocalAuthority.objects.values_list("pk", flat=True))
    return {what: sum(kept_rebuild_la(what, la, today) for la in la_ids) for what in _KEEPERS}


_MISSING = object()
FIGURES_SECONDS = 26 * 60 * 60  # a key names its day, so a day and a little is enough


def kept_figures(la_id: int, key: str, compute: Callable):
    """compute(), kept in the shared cache until the LA's facts change (see above).

    The version is the number of the LA's changes committed today. Counting, not a sequence
    number: a change committed after a later-numbered one still changes the count."""
    today = timezone.localdate()
    version = KeptChange.objects.filter(la_id=la_id, day=today).count()
    kept_marks.spend(la_id)
    name = f"kept:{la_id}:{today}:{version}:{key}"
    value = _unpacked(cache.get(name, _MISSING))
    if value is _MISSING:
        with _computing(name):  # the first of several readers works it out, the rest wait
            value = _unpacked(cache.get(name, _MISSING))
            if value is _MISSING:
                value = compute()
                cache.set(name, _packed(value), FIGURES_SECONDS)
    return value


class _Packed:
    """Figures pickled and compressed: a grown roll's dashboard names every child behind each
    figure (1.8 MB pickled, 2.4 MB as the cache's text, which the database then compresses
    again itself); zlib's fastest level makes it a third of that in less time than the
    database took to store the difference. A class of its own, so that no figures are
    mistaken for it."""

    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = data

    def __getstate__(self):
        return self.data

    def __setstate__(self, data: bytes) -> None:
        self.data = data


def _packed(value) -> _Packed:
    return _Packed(zlib.compress(pickle.dumps(value, pickle.HIGHEST_PROTOCOL), 1))


def _unpacked(found):
    if not isinstance(found, _Packed):
        return found  # _MISSING, or an entry written before figures were packed
    # Our own figures, from our own cache (which unpickles whatever it holds in any case).
    return pickle.loads(zlib.decompress(found.data))  # noqa: S301


def kept_others_changes(la_id: int) -> int:
    """The changes committed today to every LA but this one: part of the key of figures that
    also read other LAs' facts (a school's row counts their children there), so that a change
    to theirs files the figures anew."""
    kept_marks.spend_all()
    return KeptChange.objects.filter(day=timezone.localdate()).exclude(la_id=la_id).count()


_LOCK_CLASS = 0x6B657074  # "kept": the advisory locks' first key, apart from anyone else's
_held = threading.local()


@contextlib.contextmanager
def _computing(name: str):
    """On PostgreSQL, a lock on the entry's name until the transaction ends: readers who miss
    the same entry at once (a new day, a change) wait for the first instead of each working
    the figures out, which under load had five workers building one dashboard together. Not
    taken inside another entry's work (no order of locks to deadlock on), nor on SQLite (one
    writer at a time already)."""
    if connection.vendor != "postgresql" or getattr(_held, "name", None):
        yield
        return
    key = int.from_bytes(hashlib.blake2b(name.encode(), digest_size=4).digest(), "big", signed=True)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_CLASS, key])
        _held.name = name
        try:
            yield
        finally:
            _held.name = None


_WARMERS: list[Callable] = []


def kept_figures_warmer(warm: Callable) -> Callable:
    """Register warm(la, today): figures most pages open with, worked out by the daily job
    (`refresh_kept_state`) so that the morning's first reader does not wait for them."""
    _WARMERS.append(warm)
    return warm


def kept_warm(today: datetime.date) -> int:
    """Every registered warmer for every LA; the number of entries worked out."""
    from authorities.models import LocalAuthority

    las = list(LocalAuthority.objects.all())
    for warm in _WARMERS:
        for la in las:
            warm(la, today)
    return len(_WARMERS) * len(las)


def kept_figures_changed(*, la_ids=None) -> None:
    """The figures of these LAs (ids or a subquery of ids; None: every LA) are out of date.
    One row per LA per transaction, between reads (core.kept_marks)."""
    from authorities.models import LocalAuthority

    if isinstance(la_ids, (list, set, tuple)):
        la_ids = kept_marks.unmarked(la_ids)
        if not la_ids:
            return
    las = LocalAuthority.objects.all()
    if la_ids is not None:
        las = las.filter(pk__in=la_ids)
    new = kept_marks.unmarked(las.values_list("pk", flat=True))
    today = timezone.localdate()
    KeptChange.objects.bulk_create(KeptChange(la_id=pk, day=today) for pk in new)
    kept_marks.mark(new)


def kept_changes_prune(today: datetime.date) -> int:
    """Earlier days' changes: figures are filed under their day, so these are never read."""
    return KeptChange.objects.filter(day__lt=today).delete()[0]


def _figures_child_saved(sender, instance, **kwargs) -> None:
    if sender is _child_model():
        kept_figures_changed(la_ids=[instance.la_id])
    else:  # the child may be gone already (a deleted child's rows): then it was told
        kept_figures_changed(la_ids=kept_marks.child_las([instance.child_id], _las_of_children))


def _las_of_children(child_ids) -> dict[int, int]:
    return dict(_children(pk__in=child_ids).order_by().values_list("pk", "la_id"))


def _figures_grandchild_saved(sender, instance, **kwargs) -> None:
    """A row about a row about a child (a PEP's section, a move's approval)."""
    field = sender._meta.get_field(_PARENT_FIELD[sender])
    parents = field.related_model.objects.filter(pk=getattr(instance, field.attname))
    kept_figures_changed(la_ids=parents.values("child__la_id"))


_PARENT_FIELD: dict = {}


def _figures_la_saved(sender, instance, **kwargs) -> None:
    kept_figures_changed(la_ids=[getattr(instance, "la_id", None) or instance.pk])


def _figures_la_parent_saved(sender, instance, **kwargs) -> None:
    """A row about a row with an LA (a self-evaluation's answer)."""
    field = sender._meta.get_field(_LA_PARENT_FIELD[sender])
    parents = field.related_model.objects.filter(pk=getattr(instance, field.attname))
    kept_figures_changed(la_ids=parents.values("la_id"))


_LA_PARENT_FIELD: dict = {}


def _figures_any_saved(sender, instance, **kwargs) -> None:
    kept_figures_changed()


def _child_model():
    from children.models import Child

    return Child


def connect_figures() -> None:
    """Every model with a row about one child (a foreign key to Child), the child itself, the
    LA's own rows, the schools and what the school rows read: their saves and deletes change
    the LA's figures."""
    from django.db.models.signals import post_delete, post_save

    from authorities.models import ClosureDay, LocalAuthority, Term
    from funding.models import GrantYear
    from schools.models import Area, AreaSchool, DesignatedTeacher, School
    from self_evaluations.models import Answer, SelfEvaluation
    from visits.models import SchoolAction, SchoolVisit

    child = _child_model()
    by_child = [child] + [m for m in _models() if _fk_to(m, {child})]
    for model in _models():
        fk = _fk_to(model, set(by_child) - {child})
        if model not in by_child and fk:
            _PARENT_FIELD[model] = fk.name
    _LA_PARENT_FIELD[Answer] = "evaluation"
    # Beyond the children's facts, the LA's school rows (schools.figures.la_school_rows) read
    # its areas, visits, actions, reviewed self-evaluations and grant year, and the schools'
    # designated teachers.
    la_rows = (LocalAuthority, Term, ClosureDay, Area, AreaSchool, SchoolVisit, SchoolAction,
               SelfEvaluation, GrantYear)  # fmt: skip
    handlers = [(by_child, _figures_child_saved), (list(_PARENT_FIELD), _figures_grandchild_saved),
                (la_rows, _figures_la_saved), (list(_LA_PARENT_FIELD), _figures_la_parent_saved),
                ((School, DesignatedTeacher), _figures_any_saved)]  # fmt: skip
    for models_, handler in handlers:
        for model in models_:
            for signal in (post_save, post_delete):
                signal.connect(handler, sender=model, dispatch_uid=f"fig-{model}-{signal}")


def _models():
    """Models whose rows are facts (not logs, history or kept state)."""
    from django.apps import apps

    return [m for m in apps.get_models() if m._meta.app_label != "audit"
            and not m.__name__.startswith(("Historical", "Kept"))]  # fmt: skip


def _fk_to(model, targets):
    """The model's first concrete foreign key to one of `targets`, if any."""
    return next((f for f in model._meta.concrete_fields
                 if f.is_relation and f.related_model in targets), None)  # fmt: skip
