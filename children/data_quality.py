"""The data-quality checks a data officer works through: what is wrong, with whom, and the next
step with a link to take it. The rows come from children.selectors.data_quality (each limited to
the children the reader may see); this module only says them in words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class Row:
    child_pk: int
    name: str
    la_child_id: str
    detail: str
    fix_href: str
    fix_text: str
    successor: Any = None  # a closed school's successor, for the one-click move
    placement_pk: int | None = None


@dataclass(frozen=True)
class Check:
    title: str
    next_step: str
    row: Callable[[Any], Row]


def _child_row(child, detail: str, href: str, text: str, **extra) -> Row:
    return Row(child.pk, child.display_name, child.la_child_id, detail, href, text, **extra)


def _record(child) -> str:
    return reverse("children:detail", args=[child.pk])


def _upn(child) -> Row:
    return _child_row(child, f"UPN {child.upn}: the check letter does not match",
                      _record(child), "Open the record")  # fmt: skip


def _no_place(alert) -> Row:
    """A kept alert (children.alerts.NoPlaceAlert): the child and how long they have waited."""
    days = f"{alert.school_days} school day{'s' * (alert.school_days != 1)}"
    return _child_row(alert.child,
                      f"No current school or other education placement for {days} "
                      f"(since {alert.since:%-d %b %Y})",
                      reverse("children:placement_new", args=[alert.child.pk]),
                      "Record the school place")  # fmt: skip


def _closed(placement) -> Row:
    school = placement.school
    closed = f", closed {school.close_date:%-d %b %Y}" if school.close_date else ", closed"
    detail = f"{school.name} (URN {school.urn}){closed}"
    if placement.successor:
        detail += f"; replaced by {placement.successor.name} (URN {placement.successor.urn})"
    return _child_row(placement.child, detail,
                      reverse("children:placement_new", args=[placement.child.pk]),
                      "Record the new school", successor=placement.successor,
                      placement_pk=placement.pk)  # fmt: skip


def _unknown_urn(placement) -> Row:
    return _child_row(placement.child,
                      f"URN {placement.urn}, from {placement.started_on:%-d %b %Y}",
                      reverse("imports:list"),
                      "Load the latest GIAS file, or correct the URN")  # fmt: skip


def _no_mark(found: dict) -> Row:
    name = f"{found['child__preferred_name'] or found['child__forename']} {found['child__surname']}"
    sessions = found["sessions"]
    return Row(found["child_id"], name.strip() or f"Child {found['child__la_child_id']}",
               found["child__la_child_id"], f"{sessions} session{'s' * (sessions != 1)}",
               reverse("attendance:child", args=[found["child_id"]]),
               "See the marks")  # fmt: skip


def _return_flag(flag) -> Row:
    rule = f" (DfE rule {flag.rule})" if flag.rule else ""
    return _child_row(flag.child, f"{flag.year_label} return: {flag.message}{rule}",
                      reverse("imports:list"),
                      "Correct at source, then import the return again")  # fmt: skip


CHECKS: dict[str, Check] = {
    "no_place": Check("On the roll with no education placement",
                      "Find out where the child is learning and record the place.", _no_place),
    "closed": Check("Current placements at closed schools",
                    "Move the child to the school that replaced it, or record the new school.",
                    _closed),
    "upn": Check("UPN check letter does not match",
                 "Correct the UPN at source (the SSDA903 return or the school), then import.",
                 _upn),
    "unknown_urn": Check("Placements with a URN not in the school register",
                         "Load the latest GIAS file; if the URN is still unknown, correct it.",
                         _unknown_urn),
    "no_mark": Check("Sessions with no mark recorded (-) in the last four weeks",
                     "Ask the school for the missing marks.", _no_mark),
    "return_flags": Check("Consistency problems in SSDA903 returns",
                          "Correct them at source and import the return again; until then the "
                          "roll resolves each by the rule in the message.", _return_flag),
}  # fmt: skip
