"""The EHC needs assessment clock (SEND Regulations 2014; statutory-rules.md): decision whether
to assess within 6 weeks of the request, draft plan (or decision not to issue) by week 16,
final plan within the LA's weeks (default 20), then an annual review every 12 months."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sen.models import EhcpAssessment

WEEK = datetime.timedelta(weeks=1)
DECISION_WEEKS = 6
DRAFT_WEEKS = 16


@dataclass(frozen=True)
class Milestone:
    label: str
    due: datetime.date | None
    done: datetime.date | None
    today: datetime.date

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.done is None and self.today > self.due

    @property
    def late(self) -> bool:
        return self.due is not None and self.done is not None and self.done > self.due

    @property
    def days_left(self) -> int | None:
        if self.due is None or self.done is not None:
            return None
        return (self.due - self.today).days

    @property
    def days_overdue(self) -> int:
        return (self.today - self.due).days if self.overdue and self.due else 0

    @property
    def state(self) -> str:
        if self.done is not None:
            return "Done late" if self.late else "Done"
        if self.due is None:
            return "Not needed"
        return "Overdue" if self.overdue else "Due"


def _add_year(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def milestones(a: EhcpAssessment, final_weeks: int, today: datetime.date) -> list[Milestone]:
    request = a.requested_on
    assessing = a.decision != EhcpAssessment.Decision.NOT_ASSESS
    draft_done = a.draft_on or a.not_issued_on
    rows = [
        Milestone(
            "Decision whether to assess", request + DECISION_WEEKS * WEEK, a.decision_on, today
        ),
        Milestone(
            "Draft plan or decision not to issue",
            request + DRAFT_WEEKS * WEEK if assessing else None,
            draft_done if assessing else None,
            today,
        ),
        Milestone(
            "Final plan",
            request + final_weeks * WEEK if assessing and not a.not_issued_on else None,
            a.final_on,
            today,
        ),
    ]
    if a.final_on:
        base = a.last_review_on or a.final_on
        rows.append(Milestone("Annual review", _add_year(base), None, today))
    return rows


def overdue(a: EhcpAssessment, final_weeks: int, today: datetime.date) -> list[Milestone]:
    return [m for m in milestones(a, final_weeks, today) if m.overdue]
