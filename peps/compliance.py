"""PEP compliance on a day: for every child on the roll, the PEP currently due, its status and
whether it is overdue (not signed off by its due date)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, F
from django.db.models.functions import TruncDate
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from authorities.terms import term_or_typical
from children.roll.loader import roll_entries
from peps.clock import Due, due_on, started_on
from peps.models import Pep, Status

COLUMNS = ("child_id", "pep_type", "due_date", "status", "overdue")


def matching_pep(peps, due: Due) -> Pep | None:
    """The latest version of the PEP answering `due`: a termly PEP for that term, or an
    initial or change-of-school PEP started on or after the event it answers."""

    def answers(p: Pep) -> bool:
        if p.pep_type != due.pep_type:
            return False
        if due.pep_type == "termly":
            return due.term is not None and due.term.pk is not None and p.term_id == due.term.pk
        return started_on(p) >= due.since

    candidates = [p for p in peps if answers(p)]
    return max(candidates, key=lambda p: (p.created_at, p.version), default=None)


def signed_on(pep: Pep | None) -> datetime.date | None:
    """The day a PEP was signed off, in the service's time zone: one signed off at 00:30 on a
    summer morning (23:30 the evening before in UTC, as it is stored) was signed off that
    morning. On time means signed on or before its due date."""
    if pep is None or pep.signed_off_at is None:
        return None
    return timezone.localdate(pep.signed_off_at)


def signed_on_db(pep: str = "pep__") -> TruncDate:
    """The same day in the database, from a row that reaches the PEP through `pep`."""
    return TruncDate(f"{pep}signed_off_at")


def signed_on_time(pep: Pep | None, due_on: datetime.date) -> bool:
    """Signed off on or before its due date (signed_on's day)."""
    signed = signed_on(pep)
    return signed is not None and signed <= due_on


def signed_on_time_db(pep: str = "pep__", due_on: str = "due_on") -> ExpressionWrapper:
    """The same in the database, from a row with the due date that reaches the PEP through
    `pep` (a PEP not signed off gives NULL, which counts as not on time)."""
    test = LessThanOrEqual(signed_on_db(pep), F(due_on))
    return ExpressionWrapper(test, output_field=BooleanField())


def compliance_rows(children, day: datetime.date):
    terms: dict = {}
    for entry in roll_entries(children, day, peps=True):
        child = entry.child
        if child.la_id not in terms:
            terms[child.la_id] = term_or_typical(child.la, day)
        due = due_on(child, day, terms=terms, history=entry)
        if due is None:
            continue
        pep = matching_pep(entry.peps, due)
        status = pep.status if pep else Status.NOT_STARTED
        overdue = day > due.due_on and status != Status.SIGNED_OFF
        yield (
            child.la_child_id,
            due.pep_type,
            due.due_on.isoformat(),
            status,
            "true" if overdue else "false",
        )


@dataclass
class DueNow:
    child: Any
    due: Due
    pep: Pep | None
    today: datetime.date

    @property
    def status(self) -> str:
        return self.pep.get_status_display() if self.pep else "Not started"

    @property
    def done(self) -> bool:
        return self.pep is not None and self.pep.status == Status.SIGNED_OFF

    @property
    def days_left(self) -> int:
        return (self.due.due_on - self.today).days

    @property
    def overdue(self) -> bool:
        return not self.done and self.today > self.due.due_on


def due_now(
    child, today: datetime.date, *, terms: dict | None = None, history=None
) -> DueNow | None:
    from peps.clock import child_history

    history = history or child_history(child, today)
    due = due_on(child, today, terms=terms, history=history)
    return DueNow(child, due, matching_pep(history.peps, due), today) if due else None


def dues(entries, today: datetime.date):
    """(entry, the PEP due now) for each roll entry (loaded with peps=True) that has one; each
    LA's term is looked up once."""
    terms: dict = {}
    for entry in entries:
        child = entry.child
        if child.la_id not in terms:
            terms[child.la_id] = term_or_typical(child.la, today)
        item = due_now(child, today, terms=terms, history=entry)
        if item is not None:
            yield entry, item
