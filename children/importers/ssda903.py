"""Import an SSDA903 return: validate every row of every table, then (only if nothing is wrong)
write children, episodes, UASC status, OC2 outcomes, missing episodes, reviews, social worker
episodes and deprivation of liberty orders by natural key (ssda903_write.py).

The tables are read twice from their files (check, then write), through the same row parsers
(ssda903_rows.py), and neither read holds the return's rows: what checking keeps (`Parsed`) is
per child and small, so memory stays bounded as a return grows (issue 13).

The same file twice changes nothing; a changed row updates only its record (with history).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from authorities.models import LocalAuthority
from children.importers.ssda903_checks import unmatched_problem
from children.importers.ssda903_read import read_sources
from children.importers.ssda903_rows import PARSERS, Checker, header_row
from children.importers.ssda903_write import ssda903_write
from children.importers.ssda903_year import infer_year, sex_problem, year_label, year_of
from children.models import Child
from imports.parsing import parse_date
from imports.problems import Report

Progress = Callable[[str, int, int], None]


class EpisodeDates(NamedTuple):
    """What the consistency flags need of an episode (ssda903_checks.py)."""

    started_on: datetime.date | None
    ended_on: datetime.date | None
    reason_ceased: str


@dataclass
class Parsed:
    """What checking a return keeps for writing and flagging it: per child, never its rows."""

    tables: set[str] = field(default_factory=set)  # the tables the return carried
    children: dict[str, datetime.date | None] = field(default_factory=dict)  # Header: DOB
    dobs: dict[str, datetime.date | None] = field(default_factory=dict)  # stored, then Header
    named: set[str] = field(default_factory=set)  # children named without a Header table
    uasc: dict[str, datetime.date | None] = field(default_factory=dict)  # UASC: DUC
    episodes: dict[str, list[EpisodeDates]] = field(default_factory=dict)
    latest: dict[str, datetime.date] = field(default_factory=dict)  # per child, any table
    dob_differs: dict[str, set[str]] = field(default_factory=dict)  # child: tables
    review_codes: dict[tuple[str, datetime.date], set[str]] = field(default_factory=dict)
    sex_checks: list[tuple[str, int, str, str]] = field(default_factory=list)
    rows: int = 0  # rows under the children checked so far
    counts: dict[str, int] = field(default_factory=dict)  # rows per table, for the progress bar

    def saw(self, child: str, *days: datetime.date | None) -> None:
        for day in days:
            if day and (child not in self.latest or day > self.latest[child]):
                self.latest[child] = day


def ssda903_import(
    *,
    paths: list[Path],
    la: LocalAuthority,
    dry_run: bool = False,
    collection_year: int | None = None,
    actor,
    progress: Progress | None = None,
    confirmed: bool = False,
) -> Report:
    """Validate everything first; write nothing unless every row is right. The return is
    authoritative for its collection year (see ssda903_write). A return that matches fewer than
    half of the children in care when its year began is refused until `confirmed`, then noted."""
    report = Report()
    tables = read_sources(paths, report)
    if report.ok and "Header" not in tables and not Child.objects.filter(la=la).exists():
        report.problem("", None, "", "No Header table was found: there are no children to load")
    parsed = _validate(tables, la, report, progress or (lambda *a: None))
    year = _year(parsed, collection_year, report)
    _check_sex(parsed, year, report)
    if report.ok and (unmatched := unmatched_problem(parsed, la, year)):
        if confirmed:
            report.notes.insert(0, f"Confirmed: {unmatched[: unmatched.index('?') + 1]}")
        else:
            report.problem("", None, "CHILD", unmatched)
    if report.ok and not dry_run:
        with transaction.atomic():
            ssda903_write(tables, parsed, la, year, report, actor, progress or (lambda *a: None))
    elif report.ok:
        report.notes.append("Dry run: everything checked, nothing written.")
    return report


def _year(parsed: Parsed, given: int | None, report: Report) -> int:
    if given:
        report.notes.insert(0, f"Collection year {year_label(given)} (as given).")
        return given
    year = infer_year(parsed.latest.values()) or year_of(timezone.localdate())
    report.notes.insert(
        0,
        f"Collection year {year_label(year)} assumed from the return's dates "
        f"(give --year to say otherwise).",
    )
    return year


def _check_sex(parsed: Parsed, year: int, report: Report) -> None:
    """SEX codes depend on the collection year, known only once every date is read."""
    for file, line, where, raw in parsed.sex_checks:
        problem = sex_problem(raw, year)
        if problem:
            report.problem(file, line, "SEX", problem + where)


# --- validation ------------------------------------------------------------------------------


def _validate(tables, la: LocalAuthority, report: Report, progress: Progress) -> Parsed:
    """The first read: every row checked, rows counted as they go (no total is known yet)."""
    parsed = Parsed(tables=set(tables))
    parsed.dobs = dict(Child.objects.filter(la=la).values_list("la_child_id", "date_of_birth"))
    for table in tables.get("Header", []):
        for row in table.rows:
            _header(Checker(report, table, row), parsed)
            if parsed.children and len(parsed.children) % CHECKED_EVERY == 0:
                progress("Checking children", len(parsed.children), 0)
    for name, parse in PARSERS.items():
        note, seen = _NOTES.get(name), {}  # type: ignore[var-annotated]
        for table in tables.get(name, []):
            for row in table.rows:
                check = Checker(report, table, row)
                if _child_known(check, parsed, tables):
                    _note_dob(check, parsed, name)
                    values = parse(check)
                    if note:
                        note(check, values, parsed, seen)
                    parsed.rows += 1
                    parsed.counts[name] = parsed.counts.get(name, 0) + 1
                    if parsed.rows % CHECKED_EVERY == 0:
                        progress(f"Checking {name}", parsed.rows, 0)
    return parsed


CHECKED_EVERY = 5000  # rows between progress reports while checking


def _header(check: Checker, parsed: Parsed) -> None:
    child = check.row.get("CHILD")
    if not child:
        check.fail("CHILD", "CHILD is blank")
        return
    if len(child) > 10:
        check.fail("CHILD", f"CHILD '{child}' is longer than 10 characters")
    if child in parsed.children:
        check.fail("CHILD", f"CHILD {child} appears twice")
        return
    values = header_row(check)
    parsed.children[child] = parsed.dobs[child] = values["date_of_birth"]
    sex = values["sex"]
    if sex_problem(sex, year_of(timezone.localdate())) or sex_problem(sex, 2024):
        parsed.sex_checks.append((check.table.file, check.row.line, check.where(), sex))


def _child_known(check: Checker, parsed: Parsed, tables) -> bool:
    child = check.row.get("CHILD")
    if not child:
        check.fail("CHILD", "CHILD is blank")
        return False
    if child not in parsed.dobs:
        header = tables["Header"][0].file if tables.get("Header") else "the Header table"
        check.fail("CHILD", f"CHILD {child} has no row in {header}")
        return False
    if "Header" not in parsed.tables:
        parsed.named.add(child)  # without a Header, the children named are those it speaks for
    return True


def _note_dob(check: Checker, parsed: Parsed, table: str) -> None:
    """Tables repeat the child's DOB: compared with the Header's (a consistency flag)."""
    raw, child = check.row.get("DOB"), check.row.get("CHILD")
    value, error = parse_date(raw) if raw else (None, "")
    header = parsed.dobs.get(child)
    if value and not error and header and value != header:
        parsed.dob_differs.setdefault(child, set()).add(table)


def _note_episode(check: Checker, row: dict, parsed: Parsed, seen: dict) -> None:
    child, start = row["child"], row["started_on"]
    theirs = parsed.episodes.setdefault(child, [])  # a child's few episodes: no set of keys
    if start and any(e.started_on == start for e in theirs):
        check.fail("DECOM", f"CHILD {child} has two episodes starting {start:%d/%m/%Y}")
    theirs.append(EpisodeDates(start, row["ended_on"], row["reason_ceased"]))
    parsed.saw(child, start, row["ended_on"])


def _note_uasc(check: Checker, row: dict, parsed: Parsed, seen: dict) -> None:
    parsed.uasc[row["child"]] = row["ceased_on"]


def _note_period(check: Checker, row: dict, parsed: Parsed, seen: dict) -> None:
    parsed.saw(row["child"], row["started_on"], row["ended_on"])


def _note_review(check: Checker, row: dict, parsed: Parsed, seen: dict) -> None:
    child, day, code = row["child"], row["reviewed_on"], row["code"]
    parsed.saw(child, day)
    if not day:
        return
    first = seen.setdefault(hash((child, day)), code)  # a hash: 580,000 reviews, small keys
    if code != first or (child, day) in parsed.review_codes:
        parsed.review_codes.setdefault((child, day), {first}).add(code)


def _note_dolo(check: Checker, row: dict, parsed: Parsed, seen: dict) -> None:
    child, start = row["child"], row["started_on"]
    if start and (child, start) in seen:
        check.fail("DOLO_START", f"CHILD {child} has two orders starting {start:%d/%m/%Y}")
    seen[(child, start)] = None
    parsed.saw(child, start, row["ended_on"])


_NOTES = {
    "Episodes": _note_episode,
    "UASC": _note_uasc,
    "Missing": _note_period,
    "Reviews": _note_review,
    "SWEpisodes": _note_period,
    "DoLo": _note_dolo,
}
