"""Import an SSDA903 return: validate every row of every table, then (only if nothing is wrong)
write children, episodes, UASC status, OC2 outcomes, missing episodes, reviews, social worker
episodes and deprivation of liberty orders by natural key (ssda903_write.py).

The same file twice changes nothing; a changed row updates only its record (with history).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from authorities.models import LocalAuthority
from children import codes
from children.importers.ssda903_read import read_sources
from children.importers.ssda903_write import ssda903_write
from children.importers.ssda903_year import infer_year, sex_problem, year_label, year_of
from children.models import Child
from children.upn import upn_is_valid
from imports.parsing import parse_date, parse_int
from imports.problems import Report
from imports.tables import Row, Table

Progress = Callable[[str, int, int], None]


@dataclass
class Parsed:
    """Clean values ready to write, keyed by LA child id."""

    children: dict[str, dict] = field(default_factory=dict)
    uasc: dict[str, datetime.date | None] = field(default_factory=dict)
    episodes: list[dict] = field(default_factory=list)
    oc2: list[dict] = field(default_factory=list)
    missing: list[dict] = field(default_factory=list)
    reviews: list[dict] = field(default_factory=list)
    sw_episodes: list[dict] = field(default_factory=list)
    dolo: list[dict] = field(default_factory=list)
    tables: set[str] = field(default_factory=set)  # the tables the return carried
    latest: dict[str, datetime.date] = field(default_factory=dict)  # per child, any table
    dobs: dict[str, list[tuple[str, datetime.date]]] = field(default_factory=dict)
    review_codes: dict[tuple[str, datetime.date], set[str]] = field(default_factory=dict)
    sex_checks: list[tuple[_Checker, str]] = field(default_factory=list)

    def saw(self, child: str, *days: datetime.date | None) -> None:
        for day in days:
            if day and (child not in self.latest or day > self.latest[child]):
                self.latest[child] = day


class _Checker:
    """Collects problems for one row, with the file and line already known (and for rows read
    from XML, the child and element path)."""

    def __init__(self, report: Report, table: Table, row: Row):
        self.report, self.table, self.row = report, table, row

    def fail(self, column: str, message: str) -> None:
        where = f" ({self.row.where})" if self.row.where else ""
        self.report.problem(self.table.file, self.row.line, column, message + where)

    def date(self, column: str, *, required: bool = False) -> datetime.date | None:
        raw = self.row.get(column)
        if not raw:
            if required:
                self.fail(column, f"{column} is blank")
            return None
        value, error = parse_date(raw)
        if error:
            self.fail(column, f"{column} {error}")
        return value

    def period(self, start: str, end: str) -> tuple[datetime.date | None, datetime.date | None]:
        """A required start date and an optional end date not before it."""
        first, last = self.date(start, required=True), self.date(end)
        if first and last and last < first:
            self.fail(end, f"{end} is before {start}")
        return first, last

    def code(self, column: str, allowed, *, required: bool = False, label: str = "") -> str:
        raw = self.row.get(column).upper()
        if not raw:
            if required:
                self.fail(column, f"{column} is blank")
            return ""
        if raw not in allowed:
            self.fail(column, f"{column} '{raw}' is not {label or 'a valid code'}")
        return raw

    def flag(self, column: str) -> str:
        raw = self.row.get(column)
        normal = {"0": "0", "1": "1", "0.0": "0", "1.0": "1"}.get(raw)
        if raw and normal is None:
            self.fail(column, f"{column} '{raw}' is not 0 or 1")
        return normal or ""


def ssda903_import(
    *,
    paths: list[Path],
    la: LocalAuthority,
    dry_run: bool = False,
    collection_year: int | None = None,
    actor,
    progress: Progress | None = None,
) -> Report:
    """Validate everything first; write nothing unless every row is right. The return is
    authoritative for its collection year (see ssda903_write)."""
    report = Report()
    tables = read_sources(paths, report)
    if report.ok and "Header" not in tables and not Child.objects.filter(la=la).exists():
        report.problem("", None, "", "No Header table was found: there are no children to load")
    parsed = _validate(tables, la, report)
    year = _year(parsed, collection_year, report)
    _check_sex(parsed, year)
    if report.ok and not dry_run:
        with transaction.atomic():
            ssda903_write(parsed, la, year, report, actor, progress or (lambda *a: None))
    elif report.ok:
        report.notes.append("Dry run: everything checked, nothing written.")
    return report


def _year(parsed: Parsed, given: int | None, report: Report) -> int:
    if given:
        report.notes.insert(0, f"Collection year {year_label(given)} (as given).")
        return given
    year = infer_year(parsed.latest.values()) or year_of(datetime.date.today())
    report.notes.insert(
        0,
        f"Collection year {year_label(year)} assumed from the return's dates "
        f"(give --year to say otherwise).",
    )
    return year


def _check_sex(parsed: Parsed, year: int) -> None:
    """SEX codes depend on the collection year, known only once every date is read."""
    for check, raw in parsed.sex_checks:
        problem = sex_problem(raw, year)
        if problem:
            check.fail("SEX", problem)


# --- validation ------------------------------------------------------------------------------


def _validate(tables: dict[str, list[Table]], la: LocalAuthority, report: Report) -> Parsed:
    parsed = Parsed(tables=set(tables))
    for table in tables.get("Header", []):
        for row in table.rows:
            _header_row(_Checker(report, table, row), parsed)
    known = set(parsed.children) | set(
        Child.objects.filter(la=la).values_list("la_child_id", flat=True)
    )
    handlers = {
        "Episodes": _episode_row,
        "UASC": _uasc_row,
        "OC2": _oc2_row,
        "Missing": _missing_row,
        "Reviews": _review_row,
        "SWEpisodes": _sw_episode_row,
        "DoLo": _dolo_row,
    }
    for name, handler in handlers.items():
        seen: set = set()
        for table in tables.get(name, []):
            for row in table.rows:
                check = _Checker(report, table, row)
                if _child_known(check, known, tables):
                    _note_dob(check, parsed, name)
                    handler(check, parsed, seen)
    return parsed


def _child_known(check: _Checker, known: set[str], tables) -> bool:
    child = check.row.get("CHILD")
    if not child:
        check.fail("CHILD", "CHILD is blank")
        return False
    if child not in known:
        header = tables["Header"][0].file if tables.get("Header") else "the Header table"
        check.fail("CHILD", f"CHILD {child} has no row in {header}")
        return False
    return True


def _note_dob(check: _Checker, parsed: Parsed, table: str) -> None:
    """Tables repeat the child's DOB: kept to compare with the Header's (a consistency flag)."""
    raw = check.row.get("DOB")
    value, error = parse_date(raw) if raw else (None, "")
    if value and not error:
        parsed.dobs.setdefault(check.row.get("CHILD"), []).append((table, value))


def _header_row(check: _Checker, parsed: Parsed) -> None:
    child = check.row.get("CHILD")
    if not child:
        check.fail("CHILD", "CHILD is blank")
        return
    if len(child) > 10:
        check.fail("CHILD", f"CHILD '{child}' is longer than 10 characters")
    if child in parsed.children:
        check.fail("CHILD", f"CHILD {child} appears twice")
        return
    sex = check.row.get("SEX").upper()
    parsed.sex_checks.append((check, sex))
    dob = check.date("DOB", required=True)
    upn = check.row.get("UPN").upper()
    parsed.children[child] = {
        "la_child_id": child,
        "sex": sex,
        "date_of_birth": dob,
        "ethnicity": check.code("ETHNIC", codes.ETHNICITIES, label="an ethnicity code"),
        "upn": upn[:13],
        "upn_valid": upn_is_valid(upn),
        "is_mother": {"1": True, "0": False}.get(check.flag("MOTHER")),
        "mother_child_dob": check.date("MC_DOB"),
    }


def _episode_row(check: _Checker, parsed: Parsed, seen: set) -> None:
    start, end = check.period("DECOM", "DEC")
    key = (check.row.get("CHILD"), start)
    if start and key in seen:
        check.fail("DECOM", f"CHILD {key[0]} has two episodes starting {start:%d/%m/%Y}")
    seen.add(key)
    row = {
        "child": check.row.get("CHILD"),
        "started_on": start,
        "ended_on": end,
        "reason_new_episode": check.code(
            "RNE", codes.REASONS_NEW_EPISODE, label="a reason for a new episode"
        ),
        "legal_status": check.code(
            "LS", codes.LEGAL_STATUSES, required=True, label="a legal status code"
        ),
        "category_of_need": check.code(
            "CIN", codes.CATEGORIES_OF_NEED, label="a category of need (N1-N8)"
        ),
        "placement_type": check.code("PLACE", codes.PLACEMENT_TYPES, label="a placement type"),
        "placement_provider": check.code(
            "PLACE_PROVIDER", codes.PLACEMENT_PROVIDERS, label="PR0-PR5"
        ),
        "reason_ceased": check.code("REC", codes.REASONS_CEASED, label="a reason episode ceased"),
        "reason_place_change": check.row.get("REASON_PLACE_CHANGE").upper()[:6],
        "home_postcode": check.row.get("HOME_POST").upper()[:8],
        "placement_postcode": check.row.get("PL_POST").upper()[:8],
        "provider_urn": check.row.get("URN")[:8],
    }
    parsed.episodes.append(row)
    parsed.saw(check.row.get("CHILD"), start, end)


def _uasc_row(check: _Checker, parsed: Parsed, seen: set) -> None:
    parsed.uasc[check.row.get("CHILD")] = check.date("DUC")


def _oc2_row(check: _Checker, parsed: Parsed, seen: set) -> None:
    score, error = parse_int(check.row.get("SDQ_SCORE"), low=0, high=40)
    if error:
        check.fail("SDQ_SCORE", f"SDQ_SCORE {error}")
    flags = {
        name: check.flag(name.upper())
        for name in (
            "convicted",
            "health_check",
            "immunisations",
            "teeth_check",
            "health_assessment",
            "substance_misuse",
            "intervention_received",
            "intervention_offered",
        )
    }
    reason = check.code("SDQ_REASON", codes.SDQ_REASONS, label="SDQ1-SDQ5")
    parsed.oc2.append({"child": check.row.get("CHILD"), "score": score, "reason": reason, **flags})


def _missing_row(check: _Checker, parsed: Parsed, seen: set) -> None:
    kind = check.code("MISSING", codes.MISSING_KINDS, required=True, label="M or A")
    start, end = check.period("MIS_START", "MIS_END")
    child = check.row.get("CHILD")
    parsed.missing.append({"child": child, "kind": kind, "started_on": start, "ended_on": end})
    parsed.saw(child, start, end)


def _review_row(check: _Checker, parsed: Parsed, seen: set) -> None:
    day = check.date("REVIEW", required=True)
    key = (check.row.get("CHILD"), day)
    code = check.code("REVIEW_CODE", codes.REVIEW_CODES, label="PN0-PN7")
    parsed.saw(key[0], day)
    if day:
        parsed.review_codes.setdefault((key[0], day), set()).add(code)
    if day and key in seen:
        return  # the same review listed twice is one review (differing codes are flagged)
    seen.add(key)
    parsed.reviews.append({"child": key[0], "reviewed_on": day, "code": code})


def _sw_episode_row(check: _Checker, parsed: Parsed, seen: set) -> None:
    start, end = check.period("SW_DECOM", "SW_DEC")
    sw_id = check.row.get("SW_ID")
    if not sw_id:
        check.fail("SW_ID", "SW_ID is blank")
    child = check.row.get("CHILD")
    parsed.sw_episodes.append(
        {
            "child": child,
            "social_worker_id": sw_id[:20],
            "started_on": start,
            "ended_on": end,
            "reason": check.row.get("SW_REASON").upper()[:10],
        }
    )
    parsed.saw(child, start, end)


def _dolo_row(check: _Checker, parsed: Parsed, seen: set) -> None:
    start, end = check.period("DOLO_START", "DOLO_END")
    key = (check.row.get("CHILD"), start)
    if start and key in seen:
        check.fail("DOLO_START", f"CHILD {key[0]} has two orders starting {start:%d/%m/%Y}")
    seen.add(key)
    parsed.dolo.append({"child": key[0], "started_on": start, "ended_on": end})
    parsed.saw(key[0], start, end)
