"""What the dashboard counts about each child on the roll on a day: every per-child rule's answer
(in care for how long, UASC, legal status, SEN, school and its rating, time without a place,
moves), worked out once from the child's roll entry. The dashboard's sections count these,
whether worked out now (reports.dashboard.build_dashboard, any period) or read from the kept
lines for today (reports.kept_lines), so both count by the same rules.

The school's LA and Ofsted rating are read with the school (a school's row changes apart from
the child's): the labels that depend on them are worked out from those columns here."""

from __future__ import annotations

import datetime

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


# A child's facts: a plain tuple in FIELDS' order, read by the positions below. Not an object:
# a grown roll's 25,000 objects, alive through the whole build, set off a full garbage
# collection of the process's heap (92 to 116 ms of a 465 to 525 ms rebuild at 25,410
# children); a tuple of numbers, text and dates leaves the collector's count once it is seen.
DashboardChild = tuple
FIELDS = (
    "pk",
    "la_code",  # the child's LA's code
    "nc_year",
    "since",  # looked after since (this episode of care)
    "uasc",  # unaccompanied asylum-seeking on the day (the status not ceased)
    "is_uasc",  # recorded as UASC at all (enrichment counts these)
    "legal",  # legal status in words
    "sen",  # SEN provision in words
    "need",  # primary need in words; None without SEN support or an EHCP
    "school_id",
    "school_la_code",
    "school_rating",
    "provision_type",  # of the placement on the day; None without one
    "without",  # time without a place (counted only for those with none)
    "school_moves",  # new school placements in the 12 months to the day
    "care_placements",  # the DfE's placements in the SSDA903 year so far
    # Worked out from those (labels read by several figures): by facts(), never stored.
    "key_stage_label",
    "location_label",
    "ofsted",  # the setting's Ofsted rating in words
    "no_school_place",  # no placement on the day, or one of "none"
)
(PK, LA_CODE, NC_YEAR, SINCE, UASC, IS_UASC, LEGAL, SEN, NEED, SCHOOL_ID, SCHOOL_LA_CODE,
 SCHOOL_RATING, PROVISION_TYPE, WITHOUT, SCHOOL_MOVES, CARE_PLACEMENTS, KEY_STAGE_LABEL,
 LOCATION_LABEL, OFSTED, NO_SCHOOL_PLACE) = range(len(FIELDS))  # fmt: skip
STORED = FIELDS[:KEY_STAGE_LABEL]


def facts(*stored) -> DashboardChild:
    """A child's facts from the stored ones (STORED's order), with the labels worked out."""
    nc_year, school_id, school_la_code = stored[NC_YEAR], stored[SCHOOL_ID], stored[SCHOOL_LA_CODE]
    in_la = None if school_id is None else school_la_code == stored[LA_CODE]
    if school_id is None:
        ofsted = "No school"
    else:
        ofsted = stored[SCHOOL_RATING] or "Not inspected or not known"
    provision_type = stored[PROVISION_TYPE]
    return (*stored, key_stage_label(nc_year), LOCATION_LABELS[in_la], ofsted,
            no_school_place(provision_type))  # fmt: skip


def dashboard_child(e: RollEntry, as_of: datetime.date) -> DashboardChild:
    school = e.placement.school if e.placement else None
    sen = _sen_status(e)
    return facts(
        e.child.pk,
        e.child.la.code,
        e.nc_year,
        looked_after_since(e.episodes, as_of),
        e.child.is_uasc and not _uasc_ceased(e.child, as_of),
        e.child.is_uasc,
        _legal(e),
        level_label(sen.level) if sen else "Not recorded",
        _need(sen),
        school.pk if school else None,
        school.la_code if school else None,
        school.ofsted_rating if school else None,
        e.placement.provision_type if e.placement else None,
        _without(e, as_of),
        _school_moves(e, as_of),
        placements_in_year(e.episodes, year_of(as_of)),
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
