"""Who an activity is for (NC years and care groups on its first day), the media consent in
force on a day (Python beside its database form), and what a partner may see of a booked child."""

from __future__ import annotations

import datetime

from django.db.models import Q

from children.roll.rules import age_on, nc_year


def ineligible_because(activity, child) -> str | None:
    """Why the activity is not for the child on its first day (None: it is): the NC year
    range, and the groups it is for (children/care_status.py says who is in which)."""
    from children.care_status import care_group_on
    from enrichment.models import GROUPS

    if (
        not activity.min_year
        <= nc_year(child.date_of_birth, activity.starts_on)
        <= activity.max_year
    ):
        return "This activity is not for the child's year group."
    if care_group_on(child, activity.starts_on) not in activity.groups:
        names = dict(GROUPS)
        wanted = " or ".join(names[g].lower() for g in activity.groups)
        return f"This activity is for {wanted}: the child is not, on its first day."
    return None


def eligible(activity, child) -> bool:
    return ineligible_because(activity, child) is None


def consent_in_force(consent, day: datetime.date) -> bool:
    """Given on or before the day, not withdrawn by then, not expired before it."""
    return (
        consent.given_on <= day
        and (consent.withdrawn_on is None or consent.withdrawn_on > day)
        and (consent.expires_on is None or consent.expires_on >= day)
    )


def consent_in_force_q(day: datetime.date, prefix: str = "") -> Q:
    p = prefix
    return (
        Q(**{f"{p}given_on__lte": day})
        & (Q(**{f"{p}withdrawn_on__isnull": True}) | Q(**{f"{p}withdrawn_on__gt": day}))
        & (Q(**{f"{p}expires_on__isnull": True}) | Q(**{f"{p}expires_on__gte": day}))
    )


def consent_on(child, day: datetime.date):
    """The latest consent in force on the day, or None: no photographs at all."""
    return child.media_consents.filter(consent_in_force_q(day)).order_by("-given_on", "-pk").first()


def may_be_photographed(consent) -> bool:
    return consent is not None and bool(consent.uses)


def register_day(activity, today: datetime.date) -> datetime.date:
    """The day a register's consent is read for: today while the activity runs, else its
    nearest day (the first before it starts, the last once it is over)."""
    return max(activity.starts_on, min(today, activity.ends_on))


def partner_view(booking, day: datetime.date) -> dict:
    """All a partner's staff see of a booked child: first name, age, the needs the booker chose
    to share, the emergency contact and the consent in force on the day. Never the care
    record."""
    child = booking.child
    consent = consent_on(child, day)
    return {
        "first_name": child.preferred_name or child.forename or "Name withheld",
        "age": age_on(child.date_of_birth, day),
        "needs": booking.needs_shared,
        "emergency_contact": booking.emergency_contact,
        "photographs": may_be_photographed(consent),
        "uses": consent.uses if consent else [],
        "not_identifiable": consent.not_identifiable if consent else True,
    }
