"""The roll as rows: one per child on the roll on a day, for export_roll and the roll page."""

from __future__ import annotations

import datetime

from children.models import ChildQuerySet
from children.roll.loader import RollEntry, iter_roll_entries

ROLL_COLUMNS = (
    "child_id",
    "upn",
    "upn_valid",
    "forename",
    "surname",
    "dob",
    "nc_year",
    "legal_status",
    "looked_after_since",
    "current_provision_type",
    "current_urn",
    "in_la",
)


def roll_row(entry: RollEntry) -> tuple:
    child, placement = entry.child, entry.placement
    school = placement.school if placement else None
    return (
        child.la_child_id,
        child.upn,
        _bool(child.upn_valid),
        child.forename,
        child.surname,
        child.date_of_birth.isoformat(),
        entry.nc_year,
        entry.episode.legal_status if entry.episode else "",
        _iso(entry.looked_after_since),
        placement.provision_type if placement else "",
        school.urn if school else "",
        "" if entry.in_la is None else _bool(entry.in_la),
    )


def roll_rows(children: ChildQuerySet, day: datetime.date):
    for entry in iter_roll_entries(children, day):
        yield roll_row(entry)


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _iso(day: datetime.date | None) -> str:
    return day.isoformat() if day else ""
