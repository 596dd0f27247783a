"""Consistency checks on a return that change figures but do not make it unreadable. Each is
stored as a ReturnFlag (named with its DfE validation rule where the DfE-rules validator has
one), listed on the import result and on the data-quality page. The roll resolves each by one
rule (docs/data-formats.md, "Consistency problems"): of overlapping episodes the later-starting
one holds from its start; an episode with no end date is open whatever its REC says.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass

from django.db.models import Q

from children.importers.ssda903_year import year_bounds, year_label
from children.models import CareEpisode, ReturnFlag
from children.roll.rules import birthday

Kind = ReturnFlag.Kind


@dataclass(frozen=True)
class Flag:
    child: str
    kind: str
    rule: str
    message: str


def _d(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def flags_for_return(parsed, la, year: int) -> list[Flag]:
    flags: list[Flag] = []
    dobs = parsed.dobs
    for child, episodes in _episodes_by_child(parsed).items():
        flags += _overlaps(child, episodes)
        flags += _reasons(child, episodes)
        flags += _after_18(child, episodes, dobs.get(child))
    flags += _dob_differs(parsed, dobs)
    flags += _review_codes(parsed)
    if "Header" in parsed.tables:
        flags += _missing_from_return(parsed, la, year)
    return sorted(flags, key=lambda f: (f.child, f.kind, f.message))


def _episodes_by_child(parsed) -> dict[str, list]:
    """Each child's episodes (EpisodeDates) in order of their start."""
    return {c: sorted(e, key=lambda e: e.started_on) for c, e in sorted(parsed.episodes.items())}


def _overlaps(child: str, episodes: list) -> list[Flag]:
    flags = []
    for before, after in itertools.pairwise(episodes):
        if before.ended_on is None:
            flags.append(
                Flag(
                    child,
                    Kind.OVERLAP,
                    "142",
                    f"An episode starts {_d(after.started_on)} but the one from "
                    f"{_d(before.started_on)} has not ended; the later one holds from its start",
                )
            )
        elif after.started_on < before.ended_on:
            flags.append(
                Flag(
                    child,
                    Kind.OVERLAP,
                    "501",
                    f"An episode starts {_d(after.started_on)}, before the one from "
                    f"{_d(before.started_on)} ends ({_d(before.ended_on)}); the later one "
                    f"holds from its start",
                )
            )
    return flags


def _reasons(child: str, episodes: list) -> list[Flag]:
    flags = []
    for e in episodes:
        if e.ended_on is None and e.reason_ceased:
            flags.append(
                Flag(
                    child,
                    Kind.OPEN_WITH_REASON,
                    "148",
                    f"The episode from {_d(e.started_on)} has no end date (DEC) but a reason it "
                    f"ended ({e.reason_ceased}); it is counted as open",
                )
            )
        elif e.ended_on is not None and not e.reason_ceased:
            flags.append(
                Flag(
                    child,
                    Kind.ENDED_WITHOUT_REASON,
                    "148",
                    f"The episode from {_d(e.started_on)} ended {_d(e.ended_on)} with no "
                    f"reason (REC)",
                )
            )
    return flags


def _after_18(child: str, episodes: list, dob: datetime.date | None) -> list[Flag]:
    if dob is None:
        return []
    eighteen = birthday(dob, 18)
    return [
        Flag(
            child,
            Kind.AFTER_18,
            "",
            f"The episode from {_d(e.started_on)} starts on or after the 18th birthday "
            f"({_d(eighteen)})",
        )
        for e in episodes
        if e.started_on and e.started_on >= eighteen
    ]


def _dob_differs(parsed, dobs: dict[str, datetime.date | None]) -> list[Flag]:
    return [
        Flag(
            child,
            Kind.DOB_DIFFERS,
            "",
            f"The date of birth in {', '.join(sorted(tables))} differs from the Header's "
            f"({_d(dobs[child])})",  # type: ignore[arg-type]
        )
        for child, tables in parsed.dob_differs.items()
    ]


def _review_codes(parsed) -> list[Flag]:
    return [
        Flag(
            child,
            Kind.REVIEW_CODES_DIFFER,
            "",
            f"Two reviews on {_d(day)} with different codes ({', '.join(sorted(c))}); the "
            f"first listed is kept",
        )
        for (child, day), c in parsed.review_codes.items()
        if len(c) > 1
    ]


def _missing_from_return(parsed, la, year: int) -> list[Flag]:
    """Children looked after when the year began who are not in the year's return: their open
    episode would otherwise stay open for ever (data-formats.md, "Corrections")."""
    start, _ = year_bounds(year)
    open_at_start = looked_after_when_the_year_began(la, year) - set(parsed.children)
    return [
        Flag(
            child,
            Kind.MISSING_FROM_RETURN,
            "",
            f"Looked after on {_d(start - datetime.timedelta(days=1))} but not in the "
            f"{year_label(year)} return: check whether they left care",
        )
        for child in sorted(open_at_start)
    ]


def looked_after_when_the_year_began(la, year: int) -> set[str]:
    """The LA's stored children (their LA ids) in care on the day before the collection year
    began: every one of them belongs in the year's return."""
    start, _ = year_bounds(year)
    return set(
        CareEpisode.objects.filter(child__la=la, started_on__lt=start)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .values_list("child__la_child_id", flat=True)
    )


def unmatched_problem(parsed, la, year: int) -> str:
    """Why a return that carries fewer than half of the children the roll had in care when its
    year began looks like another LA's file or another ID scheme ("" when it does not): loaded,
    it would add each child a second time under a new ID."""
    expected = looked_after_when_the_year_began(la, year)
    if not expected or not parsed.children:
        return ""
    found = len(expected & set(parsed.children))
    if found * 2 >= len(expected):
        return ""
    return (
        f"This return carries {found} of the {len(expected)} children the roll had in care on "
        f"{_d(year_bounds(year)[0] - datetime.timedelta(days=1))}: is it another local "
        f"authority's file, or are children identified differently? Loading it would add "
        f"{len(parsed.children) - found} children as new. If it is right, confirm and import "
        f"it again"
    )
