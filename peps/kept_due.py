"""The PEP due now for each child, kept (core.kept has the rule for keeping it true): the home
pages list PEPs due soon with one query, paged and counted in the database, instead of working
out every child's PEP clock on each request."""

from __future__ import annotations

import datetime

from children.roll.loader import roll_entries
from core.kept import Keeper, Kept, kept_current, kept_scope
from peps.clock import Due
from peps.compliance import DueNow, dues
from peps.models import KeptPepDue

WHAT = "peps_due"


def due_soon(children, today: datetime.date, *, within_days: int = 28, whole=()):
    """PEPs not yet signed off that are overdue or due within `within_days`, soonest first (a
    lazy sequence: slice it to page in the database). `whole`: as core.kept.kept_scope."""
    scope, la_ids = kept_scope(children, whole)
    kept_current(WHAT, la_ids, today)
    rows = KeptPepDue.objects.filter(
        scope,
        done=False,
        due_on__lte=today + datetime.timedelta(days=within_days),
    )
    rows = rows.select_related("child", "term", "pep").order_by("due_on", "child__la_child_id")
    return Kept(rows, lambda r: DueNow(r.child, Due(r.pep_type, r.due_on, r.term, r.since),
                                       r.pep, today))  # fmt: skip


def _store(children, day: datetime.date) -> int:
    rows = []
    for entry, item in dues(roll_entries(children, day, peps=True), day):
        rows.append(KeptPepDue(
            la_id=entry.child.la_id, child=entry.child, pep_type=item.due.pep_type,
            due_on=item.due.due_on, since=item.due.since,
            term=item.due.term if item.due.term and item.due.term.pk else None,  # not typical
            pep=item.pep, done=item.done, key_stage=entry.key_stage_label,
            school_id=entry.placement.school_id if entry.placement else None))  # fmt: skip
    KeptPepDue.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _clear(children) -> None:
    KeptPepDue.objects.filter(child__in=children.values("pk")).delete()


def keeper() -> Keeper:
    from authorities.models import ClosureDay, LocalAuthority, Term
    from children.models import CareEpisode, EducationPlacement
    from peps.models import Pep

    return Keeper(WHAT, _store, _clear, KeptPepDue,
                  child_models=(Pep, CareEpisode, EducationPlacement),
                  la_models=(Term, ClosureDay, LocalAuthority))  # fmt: skip
