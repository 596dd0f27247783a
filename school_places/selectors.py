"""Reads for school place cases: who may see which, the officer's list with each case's age
and next deadline, and the report's rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Min, Q, QuerySet
from django.http import Http404

from accounts.roles import Capability
from accounts.selectors import la_ids_with
from school_places.models import Application, Case
from school_places.rules import school_days_open


def cases_visible_to(user) -> QuerySet[Case]:
    """An officer: the cases of their LAs; a social worker: the cases of their own children
    (never another LA's, never a child they do not reach)."""
    from children.models import Child

    officer = Q(la_id__in=la_ids_with(user, Capability.MANAGE_SCHOOL_PLACES))
    social_worker = Q(child__relationships__user=user, child__relationships__kind="social_worker")
    own = Q(child__in=Child.objects.visible_to(user)) & social_worker  # reach, as the record's
    return Case.objects.filter(officer | own).distinct()


def get_case_for_user(user, pk) -> Case:
    case = cases_visible_to(user).filter(pk=pk).select_related("child", "la", "officer").first()
    if case is None:
        raise Http404("No such case")
    return case


@dataclass
class CaseRow:
    case: Case
    age: int  # school days open
    next_deadline: datetime.date | None
    overdue: bool


def open_cases_query(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Open cases, oldest first, with the earliest decision still awaited (`next_due`): page it
    in the database, then make rows of the page (case_rows)."""
    found = cases.filter(closed_on__isnull=True).select_related("child", "la", "officer")
    found = found.annotate(
        next_due=Min("applications__decision_due", filter=Q(applications__decision=""))
    )
    return found.order_by("opened_on", "pk")


def case_rows(found, today: datetime.date) -> list[CaseRow]:
    """Each case with its age in school days and whether its next decision is overdue. One
    calendar read per LA."""
    from authorities.calendar import school_day_checker

    checkers: dict = {}
    rows = []
    for case in found:
        if case.la_id not in checkers:  # not setdefault: that would read the calendar each time
            checkers[case.la_id] = school_day_checker(case.la)
        check = checkers[case.la_id]
        due = case.next_due
        rows.append(
            CaseRow(
                case,
                school_days_open(case.la, case.opened_on, today, checker=check),
                due,
                bool(due and due < today),
            )
        )
    return rows


def overdue_decisions(cases: QuerySet[Case], today: datetime.date) -> QuerySet[Application]:
    return Application.objects.filter(
        case__in=cases.filter(closed_on__isnull=True), decision="", decision_due__lt=today
    )


def officer_la_ids(user) -> list[int]:
    return list(la_ids_with(user, Capability.MANAGE_SCHOOL_PLACES))


def packages_for(user) -> QuerySet:
    """Packages of the officer's LAs (the register is the officers' own work)."""
    from school_places.models import Package

    return Package.objects.filter(la_id__in=officer_la_ids(user)).select_related("child", "la")


def flagged_packages(packages: QuerySet, today: datetime.date) -> QuerySet:
    """school_places.rules.package_flags in the database, by each LA's own settings."""
    from authorities.models import LocalAuthority
    from school_places.rules import package_flagged_q

    la_ids = packages.values("la_id").distinct()
    flagged = Q(pk__in=[])
    for la in LocalAuthority.objects.filter(pk__in=la_ids):
        flagged |= Q(la=la) & package_flagged_q(la, today)
    return packages.filter(flagged)


def get_package_for_user(user, pk):
    package = packages_for(user).filter(pk=pk).first()
    if package is None:
        raise Http404("No such package")
    return package


def transfers_for(user) -> QuerySet:
    from school_places.models import EhcpTransfer

    found = EhcpTransfer.objects.filter(la_id__in=officer_la_ids(user))
    return found.select_related("child", "la")


def get_transfer_for_user(user, pk):
    transfer = transfers_for(user).filter(pk=pk).first()
    if transfer is None:
        raise Http404("No such transfer")
    return transfer


def late_clocks(user, today: datetime.date) -> int:
    """Open escalations and EHCP transfers of the officer's LAs whose next step is overdue.
    Few are open at a time, so the rule runs in Python (school_places.rules)."""
    from school_places.models import Escalation
    from school_places.rules import ehcp_next, escalation_next

    la_ids = officer_la_ids(user)
    escalations = Escalation.objects.filter(case__la_id__in=la_ids, closed_on__isnull=True)
    late = [escalation_next(e, e.case.la) for e in escalations.select_related("case__la")]
    late += [ehcp_next(t) for t in transfers_for(user).filter(closed_on__isnull=True)]
    return sum(1 for step in late if step is not None and step.overdue(today))
