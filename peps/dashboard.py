"""PEP compliance for the term (issue 5, compliance dashboard): on time, quality good or better
and overdue, overall and by school, education support advisor, key stage and in or out of LA."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from children.roll.loader import roll_entries
from peps.compliance import DueNow, dues
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

    def add(self, item: DueNow) -> None:
        self.children += 1
        pep = item.pep
        if item.due.due_on <= item.today:
            self.due += 1
            signed = pep.signed_off_at.date() if pep and pep.signed_off_at else None
            self.on_time += signed is not None and signed <= item.due.due_on
        self.overdue += item.overdue
        if pep and pep.quality_rating:
            self.rated += 1
            self.good += pep.quality_rating in GOOD_OR_BETTER

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
    overdue: list[DueNow] = field(default_factory=list)


def pep_dashboard(children, today: datetime.date) -> Dashboard:
    keys = {
        "School": lambda e, c: e.school_label,
        "Education support advisor": lambda e, c: (
            c.education_support_advisor.get_full_name()
            if c.education_support_advisor
            else "Not allocated"
        ),
        "Key stage": lambda e, c: e.key_stage_label,
        "In or out of the LA": lambda e, c: e.location_label,
    }
    total = Group("All children")
    buckets: dict[str, dict[str, Group]] = {title: {} for title in keys}
    overdue = []
    entries = roll_entries(children, today, related=("education_support_advisor",), peps=True)
    for entry, item in dues(entries, today):
        child = entry.child
        total.add(item)
        for title, key in keys.items():
            label = key(entry, child)
            buckets[title].setdefault(label, Group(label)).add(item)
        if item.overdue:
            overdue.append(item)
    groups = {t: sorted(b.values(), key=lambda g: g.label) for t, b in buckets.items()}
    overdue.sort(key=lambda d: (d.due.due_on, d.child.la_child_id))
    return Dashboard(total, groups, overdue)
