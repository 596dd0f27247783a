"""PEP compliance for the term (issue 5, compliance dashboard): on time, quality good or better
and overdue, overall and by school, education support advisor, key stage and in or out of LA.

Counted in the database from the kept PEP due (peps.kept_due), so the page costs a handful of
queries whatever the roll's size; the PEP's status, sign-off and rating are joined as they are
now, and the overdue list is paged."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.db.models.functions import Coalesce

from children.roll.groups import label_order
from children.roll.rules import LOCATION_LABELS
from children.selectors import whole_la_of
from core.kept import Kept, kept_current, kept_figures, kept_scope
from peps.clock import Due
from peps.compliance import DueNow, signed_on_time_db
from peps.kept_due import WHAT
from peps.models import KeptPepDue, Status
from peps.services import GOOD_OR_BETTER


@dataclass
class Group:
    label: str
    children: int = 0
    due: int = 0  # due date on or before today
    on_time: int = 0
    overdue: int = 0
    rated: int = 0
    good: int = 0

    @property
    def on_time_percent(self) -> str:
        return _percent(self.on_time, self.due)

    @property
    def good_percent(self) -> str:
        return _percent(self.good, self.rated)


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "None due"


@dataclass
class Dashboard:
    total: Group
    groups: dict[str, list[Group]] = field(default_factory=dict)
    overdue: Kept | list = field(default_factory=list)  # sliced and counted in the database
    rows: object = None  # the kept rows in the reader's reach: what the filtered list reads


def _counts(today: datetime.date) -> dict:
    due = Q(due_on__lte=today)
    return {
        "children": Count("pk"),
        "due": Count("pk", filter=due),
        "on_time": Count("pk", filter=due & Q(signed_on_time_db())),
        "overdue": Count("pk", filter=_overdue_q(today)),
        "rated": Count("pk", filter=Q(pep__isnull=False) & ~Q(pep__quality_rating="")),
        "good": Count("pk", filter=Q(pep__quality_rating__in=GOOD_OR_BETTER)),
    }


def _overdue_q(today: datetime.date) -> Q:
    # `done` is kept with the PEP (a PEP's save refreshes it): it lets the index find the rows;
    # the status joined as it is now says the same.
    return Q(done=False, due_on__lt=today) & _live_q()


_LABELS = {
    "School": Coalesce(F("school__name"), Value(LOCATION_LABELS[None])),
    "Education support advisor": Case(  # User.get_full_name: the name, else the email
        When(child__education_support_advisor__isnull=True, then=Value("Not allocated")),
        When(
            child__education_support_advisor__full_name="",
            then=F("child__education_support_advisor__email"),
        ),
        default=F("child__education_support_advisor__full_name"),
        output_field=CharField(),
    ),
    "Key stage": F("key_stage"),
    "In or out of the LA": Case(
        When(school__isnull=True, then=Value(LOCATION_LABELS[None])),
        When(school__la_code=F("la__code"), then=Value(LOCATION_LABELS[True])),
        default=Value(LOCATION_LABELS[False]),
        output_field=CharField(),
    ),
}


def pep_dashboard(children, today: datetime.date) -> Dashboard:
    whole = whole_la_of(children)
    scope, la_ids = kept_scope(children, [whole] if whole else [])
    kept_current(WHAT, la_ids, today)
    rows = KeptPepDue.objects.filter(scope)
    # Someone who sees a whole roll: the figures kept per LA too (core.kept.kept_figures).
    figures = lambda: _figures(rows, today)  # noqa: E731
    total, groups = kept_figures(whole, f"pep-compliance:{today}", figures) if whole else figures()
    overdue = rows.filter(_overdue_q(today)).select_related("child", "term", "pep")
    overdue = overdue.order_by("due_on", "child__la_child_id", "pk")
    return Dashboard(total, groups, Kept(overdue, lambda r: _due_now(r, today)), rows)


# The list's "show" filter: which of the term's PEPs (overdue first, as the page opened before).
SHOW = {
    "overdue": ("Overdue", _overdue_q),
    "due": ("Due so far, not signed off", lambda today: Q(due_on__lte=today) & _live_q()),
    "open": ("Not signed off", lambda today: _live_q()),
    "all": ("All this term", lambda today: Q()),
}


def _live_q() -> Q:
    return Q(pep__isnull=True) | ~Q(pep__status=Status.SIGNED_OFF)


def pep_list(rows, today: datetime.date, *, show="overdue", school=None, advisor=None,
             key_stage=None, status=None) -> Kept:  # fmt: skip
    """The term's PEPs filtered in the database, soonest due first: a lazy sequence of DueNow
    to page. `advisor` "none" is the unallocated; `status` "not_started" includes no PEP yet."""
    found = rows.filter(SHOW.get(show, SHOW["overdue"])[1](today))
    if school:
        found = found.filter(school_id=None if school == "none" else school)
    if advisor == "none":
        found = found.filter(child__education_support_advisor__isnull=True)
    elif advisor:
        found = found.filter(child__education_support_advisor_id=advisor)
    if key_stage:
        found = found.filter(key_stage=key_stage)
    if status:
        started = Q(pep__status=status)
        found = found.filter(started | Q(pep__isnull=True) if status == Status.NOT_STARTED
                             else started)  # fmt: skip
    found = found.select_related("child", "term", "pep", "school")
    found = found.order_by("due_on", "child__la_child_id", "pk")
    return Kept(found, lambda r: _listed(r, today))


def _listed(row: KeptPepDue, today: datetime.date) -> DueNow:
    item = _due_now(row, today)
    item.school = row.school  # type: ignore[attr-defined]  # where the child is, for the list
    return item


def filter_choices(rows) -> dict[str, list[tuple[str, str]]]:
    """What the filter offers: the schools, advisors and key stages among the rows (three
    queries whatever the roll's size)."""
    schools = rows.exclude(school=None).values_list("school_id", "school__name").distinct()
    advisors = rows.exclude(child__education_support_advisor=None).values_list(
        "child__education_support_advisor_id", "child__education_support_advisor__full_name",
        "child__education_support_advisor__email").distinct()  # fmt: skip
    stages = rows.exclude(key_stage="").values_list("key_stage", flat=True).distinct()
    return {
        "school": [*_by_name((str(i), n) for i, n in schools), ("none", LOCATION_LABELS[None])],
        "advisor": [*_by_name((str(i), n or e) for i, n, e in advisors), ("none", "Not allocated")],
        "key_stage": [(k, k) for k in sorted(stages)],
    }


def _figures(rows, today: datetime.date) -> tuple[Group, dict[str, list[Group]]]:
    """The total and each grouping's rows, from one statement: the rows counted by all four
    labels at once, then added up by each label here. At 25,000 children that is 2,400
    combinations: 54 ms in all, where a statement per grouping and one for the total (each a
    pass over the rows and their joins) took 101 ms."""
    counts = _counts(today)
    names = {f"label_{i}": label for i, label in enumerate(_LABELS.values())}
    total = Group("All children")
    groups: dict[str, dict[str, Group]] = {title: {} for title in _LABELS}
    for row in rows.annotate(**names).values(*names).annotate(**counts).order_by():
        _add(total, row, counts)
        for title, name in zip(_LABELS, names, strict=True):
            _add(groups[title].setdefault(row[name], Group(row[name])), row, counts)
    return total, {title: _in_order(found) for title, found in groups.items()}


def _add(group: Group, row: dict, counts: dict) -> None:
    for name in counts:
        setattr(group, name, getattr(group, name) + row[name])


def _in_order(found: dict[str, Group]) -> list[Group]:
    """In the pages' order of labels (children.roll.groups.label_order: key stages in order,
    the rest by their text), whatever the database's collation."""
    return [group for _, group in sorted(found.items(), key=label_order)]


def _due_now(row: KeptPepDue, today: datetime.date) -> DueNow:
    return DueNow(row.child, Due(row.pep_type, row.due_on, row.term, row.since), row.pep, today)


def _by_name(choices) -> list[tuple[str, str]]:
    return sorted(choices, key=lambda c: c[1])
