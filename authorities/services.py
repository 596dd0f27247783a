"""Writes to local authorities. Every function is keyword-only, atomic and validates fully."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.roles import Capability
from authorities.models import LocalAuthority
from authorities.selectors import require_la_capability
from authorities.terms import calendar_set_typical
from children.roll.rules import school_year
from core.actors import is_system
from core.history import save_validated


@transaction.atomic
def local_authority_setup(
    *, code: str, name: str, actor, today: datetime.date | None = None
) -> tuple[LocalAuthority, bool]:
    """Create the LA with this code, or rename it. Returns (la, changed). Either way the LA has
    term dates for this school year and the next (the typical calendar where it has none, to be
    replaced by `import_calendar`), so clocks in school days work on day one. An operator's
    act (`setup_la`): no person's role reaches it."""
    if not is_system(actor):
        raise PermissionDenied
    la = LocalAuthority.objects.filter(code=code).first()
    changed = la is None or la.name != name
    if la is None:
        la = LocalAuthority(code=code, name=name)
    la.name = name
    if changed:
        la.full_clean()
        la.save()
    if not la.terms.exists():
        # Only an LA with no calendar: adding a year to one with its own terms would recount
        # every attendance tally, and its calendar is the one import_calendar keeps.
        year = school_year(today or timezone.localdate())
        calendar_set_typical(la=la, years=[year, year + 1])
    return la, changed


SETTINGS_FIELDS = (
    "name",
    "count_short_breaks_as_looked_after",
    "pep_initial_working_days",
    "pep_change_of_school_working_days",
    "pep_deadline_autumn",
    "pep_deadline_spring",
    "pep_deadline_summer",
    "pep_quality_scale",
    "persistent_absence_percent",
    "severe_absence_percent",
    "attendance_drop_points",
    "consecutive_unexplained_absences",
    "part_time_alert_weeks",
    "minimum_weekly_hours",
    "data_gap_school_days",
    "ehcp_final_weeks",
    "no_school_place_overdue_days",
    "dt_refresher_years",
    "school_visit_cadence",
    "school_choice_accepted",
    "sos_chase_working_days",
    "advice_response_working_days",
    "advice_retention_years",
    "small_number_suppression",
)


@transaction.atomic
def local_authority_update(*, la: LocalAuthority, data: dict, actor) -> LocalAuthority:
    require_la_capability(actor, la, Capability.MANAGE_LA_SETTINGS)
    """Change the Virtual School's settings; history records who changed what."""
    unknown = set(data) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"Not LA settings: {sorted(unknown)}")
    for name, value in data.items():
        setattr(la, name, value)
    save_validated(la, actor=actor)  # the kept alerts follow by signal (attendance.apps)
    return la
