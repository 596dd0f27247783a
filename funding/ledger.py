"""The Pupil Premium Plus ledger for a grant year (issue 6): the allocation, the top-slice kept
centrally and its planned spend, and the money owed to schools, committed (not yet paid) and
paid, by school, by intervention category and by child. Read from the payment lines, so every
pound traces to a PEP."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, F, Min, Q, Sum, Value, When
from django.db.models.functions import Coalesce

from core.kept import Kept
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
    by_school: dict[str, Split] = field(default_factory=dict)
    by_category: dict[str, Split] = field(default_factory=dict)
    by_child: dict[str, Split] = field(default_factory=dict)
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


def ledger_totals(grant: GrantYear) -> Ledger:
    """The allocation, top-slice and what is held, committed and paid (so `remaining`): what a
    decision, a release or a central spend checks, in one aggregate over the grant's lines,
    without the splits by school and category that the pages show."""
    book = Ledger(*allocation_of(grant))
    held, live = Q(status=PaymentLine.Status.HELD), ~Q(status=PaymentLine.Status.HELD)
    paid = Q(status=PaymentLine.Status.PAID)
    totals = grant.lines.aggregate(held=Sum("amount", filter=held),
                                   paid=Sum("amount", filter=paid),
                                   committed=Sum("amount", filter=live & ~paid))  # fmt: skip
    book.held, book.paid = _money(totals["held"]), _money(totals["paid"])
    book.committed = _money(totals["committed"])
    return book


def ledger(grant: GrantYear, *, by_child: bool = True) -> Ledger:
    """Summed in the database. The split by child (one row per child paid for) only when
    asked: pages use `child_splits`; decisions need only `ledger_totals`."""
    book = ledger_totals(grant)
    lines = grant.lines.all()
    book.by_school = _splits(lines, Coalesce(F("school__name"), Value("No school yet")))
    category = Case(When(category="", then=Value("other")), default=F("category"))
    book.by_category = _splits(lines, category)
    if by_child:
        book.by_child = _splits(lines, F("child__la_child_id"))
        book.child_pks = dict(lines.values_list("child__la_child_id", "child_id").distinct())
    pending = grant.requests.filter(status=PpRequest.Status.PENDING).aggregate(s=Sum("requested"))
    book.pending = _money(pending["s"])
    central = grant.central.aggregate(p=Sum("planned"), s=Sum("spent"))
    book.central_planned, book.central_spent = _money(central["p"]), _money(central["s"])
    return book


def _money(value) -> Decimal:
    """A sum as pounds and pence (SQLite sums decimals without their places)."""
    return (value or ZERO).quantize(CENT)


def _split_rows(lines, key):
    """(key, committed, paid) per key, in key order, leaving out held lines."""
    paid = Q(status=PaymentLine.Status.PAID)
    rows = lines.exclude(status=PaymentLine.Status.HELD).annotate(key=key).values("key")
    rows = rows.annotate(paid=Sum("amount", filter=paid), committed=Sum("amount", filter=~paid))
    return rows.order_by("key").values_list("key", "committed", "paid")


def _splits(lines, key) -> dict[str, Split]:
    # Plain dicts: a template's `by_school.items` would otherwise create an "items" key.
    return {k: Split(_money(c), _money(p)) for k, c, p in _split_rows(lines, key)}


def child_splits(grant: GrantYear):
    """(LA child ID, child pk, Split) per child paid for, in ID order: a sequence to page."""
    rows = _split_rows(grant.lines.all(), F("child__la_child_id"))
    rows = rows.annotate(child_pk=Min("child_id")).values_list("key", "child_pk", "committed",
                                                                  "paid")  # fmt: skip
    return Kept(rows, lambda r: (r[0], r[1], Split(_money(r[2]), _money(r[3]))))
