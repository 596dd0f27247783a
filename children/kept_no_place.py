"""Children without a school place, kept (core.kept has the rule for keeping them true): the
home pages list the longest waits with one query, paged and counted in the database, instead
of loading every child's history on each request. The rule itself is children.alerts."""

from __future__ import annotations

import datetime

from accounts.roles import Role
from children.alerts import NoPlaceAlert, no_school_place_alerts
from children.models import KeptNoPlace
from core.kept import Keeper, Kept, kept_current, kept_scope

# Who follows children's waits for a school place (their home page and the full list).
NO_PLACE_ROLES = {
    Role.VIRTUAL_SCHOOL_HEAD,
    Role.SCHOOL_PLACEMENT_OFFICER,
    Role.EDUCATION_SUPPORT_ADVISOR,
}

WHAT = "no_school_place"


def no_place_alerts(children, today: datetime.date, *, whole=()) -> Kept:
    """The kept alerts for these children (a Child queryset), longest wait first (a lazy
    sequence: slice it to page in the database). `whole`: as core.kept.kept_scope."""
    scope, la_ids = kept_scope(children, whole)
    kept_current(WHAT, la_ids, today)
    rows = KeptNoPlace.objects.filter(scope).select_related("child")
    rows = rows.order_by("-school_days", "child__la_child_id", "pk")
    return Kept(rows, lambda r: NoPlaceAlert(r.child, r.since, r.school_days, r.overdue))


def no_place_for(user, today: datetime.date) -> Kept:
    """Whose waits a person follows: the whole LA for the VSH and school placement officers,
    their own class list for an education support advisor (what the home page and the full
    list both show)."""
    from django.db.models import Q

    from accounts.selectors import role_assignments
    from children.models import Child

    whole = {a.la_id for a in role_assignments(user)
             if a.role in {Role.VIRTUAL_SCHOOL_HEAD, Role.SCHOOL_PLACEMENT_OFFICER}}  # fmt: skip
    children = Child.objects.visible_to(user).filter(
        Q(la_id__in=whole) | Q(education_support_advisor=user)
    )
    return no_place_alerts(children, today, whole=whole)


def _store(children, day: datetime.date) -> int:
    alerts = no_school_place_alerts(children.select_related("la"), day)
    rows = [
        KeptNoPlace(
            la_id=a.child.la_id,
            child=a.child,
            since=a.since,
            school_days=a.school_days,
            overdue=a.overdue,
        )
        for a in alerts
    ]
    KeptNoPlace.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _clear(children) -> None:
    KeptNoPlace.objects.filter(child__in=children.values("pk")).delete()


def keeper() -> Keeper:
    from authorities.models import ClosureDay, LocalAuthority, Term
    from children.models import CareEpisode, EducationPlacement

    return Keeper(WHAT, _store, _clear, KeptNoPlace, child_models=(CareEpisode, EducationPlacement),
                  la_models=(Term, ClosureDay, LocalAuthority))  # fmt: skip
