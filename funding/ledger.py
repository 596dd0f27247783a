"""The Pupil Premium Plus ledger for a grant year (issue 6): the allocation, the top-slice kept
centrally and its planned spend, and the money owed to schools, committed (not yet paid) and
paid, by school, by intervention category and by child. Read from the payment lines, so every
pound traces to a PEP."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from funding.allocation import eligible_count
from funding.models import GrantYear, PaymentLine, PpRequest

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
RELEASE_CATEGORY = "termly-release"


def category_label(code: str) -> str:
    """The intervention category's name for people (the ledger keys by code, as the API does)."""
    from peps.models import PepTarget

    if code == RELEASE_CATEGORY:
        return "Termly release on PEP sign-off"
    return PepTarget.Category(code).label if code in PepTarget.Category.values else code


@dataclass
class Split:
    committed: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.committed + self.paid


@dataclass
class Ledger:
    eligible: int
    allocation: Decimal  # the budget: the DfE's confirmed figure once entered, else the estimate
    top_slice: Decimal
    estimate: Decimal = ZERO  # eligible children x rate
    committed: Decimal = ZERO
    paid: Decimal = ZERO
    held: Decimal = ZERO  # released over budget: waits for the VSH, not committed
    pending: Decimal = ZERO  # requested, not yet decided
    central_planned: Decimal = ZERO
    central_spent: Decimal = ZERO
    by_school: dict[str, Split] = field(default_factory=lambda: defaultdict(Split))
    by_category: dict[str, Split] = field(default_factory=lambda: defaultdict(Split))
    by_child: dict[str, Split] = field(default_factory=lambda: defaultdict(Split))
    child_pks: dict[str, int] = field(default_factory=dict)

    @property
    def available(self) -> Decimal:
        """What schools can be given: the allocation less the top-slice."""
        return self.allocation - self.top_slice

    @property
    def remaining(self) -> Decimal:
        return self.available - self.committed - self.paid

    @property
    def central_remaining(self) -> Decimal:
        return self.top_slice - self.central_planned


def allocation_of(grant: GrantYear) -> tuple[int, Decimal, Decimal, Decimal]:
    """(eligible children, allocation, top-slice, estimate), each rounded to the penny."""
    count = eligible_count(grant)  # kept on the grant year (funding.allocation)
    estimate = (grant.rate_per_child * count).quantize(CENT)
    confirmed = grant.confirmed_allocation
    allocation = estimate if confirmed is None else confirmed.quantize(CENT)
    top = (allocation * grant.top_slice_percent / 100).quantize(CENT)
    return count, allocation, top, estimate


def ledger(grant: GrantYear) -> Ledger:
    book = Ledger(*allocation_of(grant))
    lines = grant.lines.select_related("child", "school")
    for line in lines:
        _post(book, line)
    pending = grant.requests.filter(status=PpRequest.Status.PENDING).aggregate(s=Sum("requested"))
    book.pending = pending["s"] or ZERO
    central = grant.central.aggregate(p=Sum("planned"), s=Sum("spent"))
    book.central_planned, book.central_spent = central["p"] or ZERO, central["s"] or ZERO
    # Plain sorted dicts: a template's `by_school.items` would otherwise create an "items" key.
    for name in ("by_school", "by_category", "by_child"):
        setattr(book, name, dict(sorted(getattr(book, name).items())))
    return book


def _post(book: Ledger, line: PaymentLine) -> None:
    if line.status == PaymentLine.Status.HELD:
        book.held += line.amount
        return
    paid = line.status == PaymentLine.Status.PAID
    school = line.school.name if line.school else "No school yet"
    for key, split in (
        (school, book.by_school),
        (line.category or "other", book.by_category),
        (line.child.la_child_id, book.by_child),
    ):
        entry = split[key]
        if paid:
            entry.paid += line.amount
        else:
            entry.committed += line.amount
    book.child_pks[line.child.la_child_id] = line.child_id
    if paid:
        book.paid += line.amount
    else:
        book.committed += line.amount
