"""What the dashboard counts about each child on the roll on a day: every per-child rule's answer
(in care for how long, UASC, legal status, SEN, school and its rating, time without a place,
moves), worked out once from the child's roll entry. The dashboard's sections count these,
whether worked out now (reports.dashboard.build_dashboard, any period) or read from the kept
lines for today (reports.kept_lines), so both count by the same rules.

The school's LA and Ofsted rating are read with the school (a school's row changes apart from
the child's): the labels that depend on them are worked out from those columns here."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist

from children.alerts import without_place_since
from children.cla_measures import placements_in_year
from children.importers.ssda903_year import year_of
from children.roll.loader import RollEntry
from children.roll.rules import (
    LOCATION_LABELS,
    key_stage_label,
    looked_after_since,
    no_school_place,
)
from sen.models import level_label, need_label

ONE_YEAR = datetime.timedelta(days=365)


@dataclass(slots=True)
class DashboardChild:
    pk: int
    la_code: str  # the child's LA's code
    nc_year: int
    since: datetime.date | None  # looked after since (this episode of care)
    uasc: bool  # unaccompanied asylum-seeking on the day (the status not ceased)
    is_uasc: bool  # recorded as UASC at all (enrichment counts these)
    legal: str  # legal status in words
    sen: str  # SEN provision in words
    need: str | None  # primary need in words; None without SEN support or an EHCP
    school_id: int | None
    school_la_code: str | None
    school_rating: str | None
    provision_type: str | None  # of the placement on the day; None without one
    without: str  # time without a place (counted only for those with none)
    school_moves: int  # new school placements in the 12 months to the day
    care_placements: int  # the DfE's placements in the SSDA903 year so far
    # Labels read by several figures of a grown roll's 25,000 children: worked out once.
    key_stage_label: str = field(init=False)
    location_label: str = field(init=False)
    ofsted: str = field(init=False)  # the setting's Ofsted rating in words
    no_school_place: bool = field(init=False)  # no placement on the day, or one of "none"

    def __post_init__(self) -> None:
        self.key_stage_label = key_stage_label(self.nc_year)
        self.no_school_place = no_school_place(self.provision_type)
        in_la = None if self.school_id is None else self.school_la_code == self.la_code
        self.location_label = LOCATION_LABELS[in_la]
        if self.school_id is None:
            self.ofsted = "No school"
        else:
            self.ofsted = self.school_rating or "Not inspected or not known"


def dashboard_child(e: RollEntry, as_of: datetime.date) -> DashboardChild:
    school = e.placement.school if e.placement else None
    sen = _sen_status(e)
    return DashboardChild(
        pk=e.child.pk,
        la_code=e.child.la.code,
        nc_year=e.nc_year,
        since=looked_after_since(e.episodes, as_of),
        uasc=e.child.is_uasc and not _uasc_ceased(e.child, as_of),
        is_uasc=e.child.is_uasc,
        legal=_legal(e),
        sen=level_label(sen.level) if sen else "Not recorded",
        need=_need(sen),
        school_id=school.pk if school else None,
        school_la_code=school.la_code if school else None,
        school_rating=school.ofsted_rating if school else None,
        provision_type=e.placement.provision_type if e.placement else None,
        without=_without(e, as_of),
        school_moves=_school_moves(e, as_of),
        care_placements=placements_in_year(e.episodes, year_of(as_of)),
    )


def _uasc_ceased(child, day) -> bool:
    return child.uasc_ceased_on is not None and child.uasc_ceased_on <= day


def _legal(e: RollEntry) -> str:
    """The legal status in words, with its code (children.templatetags.roll_words)."""
    from children.templatetags.roll_words import legal_status_words

    return legal_status_words(e.episode.legal_status) if e.episode else "Not recorded"


def _sen_status(e: RollEntry):
    try:
        return e.child.sen
    except ObjectDoesNotExist:
        return None


def _need(sen) -> str | None:
    if sen is None or sen.level == "N":
        return None
    return need_label(sen.primary_need) or "Not recorded"


def _without(e: RollEntry, as_of) -> str:
    """How long without a place, from when it was lost (children.alerts.without_place_since,
    the alerts' and the school places report's rule)."""
    days = (as_of - without_place_since(e, as_of)).days
    if days < 28:
        return "1. Under 4 weeks"
    return "2. 4 to 12 weeks" if days <= 84 else "3. Over 12 weeks"


def _school_moves(e: RollEntry, as_of) -> int:
    """School moves in the 12 months to the day: a new school placement after an earlier one."""
    window = as_of - ONE_YEAR
    placements = sorted(e.placements, key=lambda p: p.started_on)
    return sum(1 for p in placements[1:] if p.started_on > window)
