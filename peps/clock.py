"""When a PEP is due (statutory-rules.md, PEP timing; per-LA settings): the initial PEP a number
of working days after the current period of care began (default 10); after a change of school
the same after the new placement starts (default 10); otherwise the LA's deadline for the term.
Working days leave out weekends and England and Wales bank holidays."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass

from django.utils import timezone

from authorities.calendar import add_working_days
from authorities.models import Term
from authorities.terms import term_or_typical
from children.roll.rules import looked_after_since

ONE_DAY = datetime.timedelta(days=1)


def termly_deadline(la, term: Term) -> datetime.date:
    settings: dict[str, str] = {
        "autumn": la.pep_deadline_autumn,
        "spring": la.pep_deadline_spring,
        "summer": la.pep_deadline_summer,
    }
    setting = settings[term.name]
    day, month = (int(part) for part in setting.split("-"))
    year = term.academic_year + (term.name != Term.Name.AUTUMN)
    return datetime.date(year, month, day)


@dataclass(frozen=True)
class Due:
    pep_type: str
    due_on: datetime.date
    term: Term | None
    since: datetime.date  # the event the PEP answers: entering care, a move, the term start

    @property
    def label(self) -> str:
        from peps.models import PepType

        return PepType(self.pep_type).label


def due_on(child, day: datetime.date, *, terms: dict | None = None, history=None) -> Due | None:
    """The PEP due for `child` on `day`: initial if the current period of care began this term
    and no initial PEP for it is signed off; after a change of school this term likewise;
    otherwise this term's review. An LA without term dates for the year gets the typical
    calendar's term (the initial and change-of-school clocks count working days either way).
    `history` is the child's RollEntry with PEPs (children/roll/loader.py) when listing many."""
    history = history or child_history(child, day)
    la = child.la
    # `terms` (LA id -> term) saves a query per child when listing many children.
    term = terms[la.pk] if terms is not None and la.pk in terms else term_or_typical(la, day)
    since = looked_after_since(history.episodes, day)
    signed = {(p.pep_type, started_on(p)) for p in history.peps if p.locked}
    if since and since >= term.starts_on and not _signed_after(signed, "initial", since):
        return Due("initial", add_working_days(since, la.pep_initial_working_days), term, since)
    move = _school_move(history.placements, term.starts_on, day)
    if move and not _signed_after(signed, "change_of_school", move):
        days = la.pep_change_of_school_working_days
        return Due("change_of_school", add_working_days(move, days), term, move)
    return Due("termly", termly_deadline(la, term), term, term.starts_on)


def started_on(pep) -> datetime.date:
    """The day a PEP was started, in the service's time zone (stored in UTC: one started at
    00:30 on a summer morning was started that morning, not the evening before)."""
    return timezone.localdate(pep.created_at)


def _signed_after(signed, pep_type: str, since: datetime.date) -> bool:
    return any(kind == pep_type and created >= since for kind, created in signed)


def child_history(child, day: datetime.date):
    from children.roll.loader import entries_for

    return entries_for([child], day, peps=True)[0]


def _school_move(placements, term_start: datetime.date, day: datetime.date) -> datetime.date | None:
    """The start of a new school placement this term that followed an earlier one."""
    placements = sorted(
        (p for p in placements if not p.is_dual_registered), key=lambda p: p.started_on
    )
    moves = [
        later.started_on
        for earlier, later in itertools.pairwise(placements)
        if term_start <= later.started_on <= day and later.school_id != earlier.school_id
    ]
    return max(moves, default=None)
