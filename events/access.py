"""Who may book an event: a designated teacher a designated teachers' event; the LA's staff its
own (the list, the page and the service ask here)."""

from __future__ import annotations

from accounts.roles import LA_SCOPED_ROLES
from accounts.selectors import role_assignments, school_ids_as_designated_teacher
from events.models import Event


def may_book(user, event: Event) -> bool:
    """A designated teacher books a designated teachers' event; the LA's staff its own."""
    is_dt = bool(school_ids_as_designated_teacher(user))
    staff = event.la_id in {a.la_id for a in role_assignments(user) if a.role in LA_SCOPED_ROLES}
    if event.audience == Event.Audience.DESIGNATED_TEACHERS:
        return is_dt
    if event.audience == Event.Audience.STAFF:
        return staff
    return is_dt or staff
