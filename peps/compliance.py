"""PEP compliance on a day: for every child on the roll, the PEP currently due, its status and
whether it is overdue (not signed off by its due date)."""

from __future__ import annotations

import datetime

from children.roll_export import with_roll_details
from peps.clock import Due, due_on
from peps.models import Pep, Status

COLUMNS = ("child_id", "pep_type", "due_date", "status", "overdue")


def matching_pep(child, due: Due) -> Pep | None:
    """The latest version of the PEP answering `due`: a termly PEP for that term, or an
    initial or change-of-school PEP started on or after the event it answers."""

    def answers(p: Pep) -> bool:
        if p.pep_type != due.pep_type:
            return False
        if due.pep_type == "termly":
            return due.term is not None and p.term_id == due.term.pk
        return p.created_at.date() >= due.since

    candidates = [p for p in child.peps.all() if answers(p)]
    return max(candidates, key=lambda p: (p.created_at, p.version), default=None)


def compliance_rows(children, day: datetime.date):
    ordered = with_roll_details(children.on_roll(day)).prefetch_related("peps")
    for child in ordered.order_by("la_child_id"):
        due = due_on(child, day)
        if due is None:
            continue
        pep = matching_pep(child, due)
        status = pep.status if pep else Status.NOT_STARTED
        overdue = day > due.due_on and status != Status.SIGNED_OFF
        yield (
            child.la_child_id,
            due.pep_type,
            due.due_on.isoformat(),
            status,
            "true" if overdue else "false",
        )
