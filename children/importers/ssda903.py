"""Import an SSDA903 return: validate every row of every table, then (only if nothing is wrong)
write children, episodes, UASC status, OC2 outcomes, missing episodes and reviews by natural key.

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
from children.models import CareEpisode, CareReview, Child, MissingEpisode, Oc2Outcome, SdqScore
from children.upn import upn_is_valid
from imports.parsing import parse_date, parse_int
from imports.problems import Report
from imports.tables import Row, Table
from imports.upsert import upsert

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
    latest_date: datetime.date | None = None


class _Checker:
    """Collects problems for one row, with the file and line already known."""

    def __init__(self, report: Report, table: Table, row: Row):
        self.report, self.table, self.row = report, table, row

    def fail(self, column: str, message: str) -> None:
        self.report.problem(self.table.file, self.row.line, column, message)

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
    actor=None,
    progress: Progress | None = None,
) -> Report:
    """Validate everything first; write nothing unless every row is right."""
    report = Report()
    tables = read_sources(paths, report)
    if "Header" not in tables and not Child.objects.filter(la=la).exists():
        report.problem("", None, "", "No Header table was found: there are no children to load")
    parsed = _validate(tables, la, report)
    if report.ok and not dry_run:
        year = collection_year or _collection_year(parsed.latest_date)
        with transaction.atomic():
            _apply(parsed, la, year, report, actor, progress or (lambda *a: None))
    elif report.ok:
        report.notes.append("Dry run: everything checked, nothing written.")
    return report


def _collection_year(latest: datetime.date | None) -> int:
    """SSDA903 years run 1 April to 31 March and are named by the year they end in."""
    day = latest or datetime.date.today()
    return day.year + 1 if day.month >= 4 else day.year


# --- validation ------------------------------------------------------------------------------


def _validate(tables: dict[str, list[Table]], la: LocalAuthority, report: Report) -> Parsed:
    parsed = Parsed()
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
    }
    for name, handler in handlers.items():
        seen: set = set()
        for table in tables.get(name, []):
            for row in table.rows:
                check = _Checker(report, table, row)
                if _child_known(check, known, tables):
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
    sex = check.row.get("SEX")
    if sex not in {"1", "2"}:
        check.fail("SEX", "SEX is blank" if not sex else f"SEX '{sex}' is not 1 or 2")
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
    start = check.date("DECOM", required=True)
    end = check.date("DEC")
    if start and end and end < start:
        check.fail("DEC", "DEC is before DECOM")
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
    for day in (start, end):
        if day and (parsed.latest_date is None or day > parsed.latest_date):
            parsed.latest_date = day


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
    start = check.date("MIS_START", required=True)
    end = check.date("MIS_END")
    if start and end and end < start:
        check.fail("MIS_END", "MIS_END is before MIS_START")
    parsed.missing.append(
        {"child": check.row.get("CHILD"), "kind": kind, "started_on": start, "ended_on": end}
    )


def _review_row(check: _Checker, parsed: Parsed, seen: set) -> None:
    day = check.date("REVIEW", required=True)
    key = (check.row.get("CHILD"), day)
    if day and key in seen:
        return  # the same review listed twice is one review
    seen.add(key)
    parsed.reviews.append(
        {
            "child": check.row.get("CHILD"),
            "reviewed_on": day,
            "code": check.code("REVIEW_CODE", codes.REVIEW_CODES, label="PN0-PN7"),
        }
    )


# --- writing ---------------------------------------------------------------------------------


def _apply(parsed: Parsed, la: LocalAuthority, year: int, report: Report, actor, progress) -> None:
    total = (
        len(parsed.children)
        + len(parsed.episodes)
        + 2 * len(parsed.oc2)
        + len(parsed.missing)
        + len(parsed.reviews)
    )
    done = [0]

    def step(n: int) -> None:
        done[0] += n
        progress("Writing", done[0], total)

    _apply_children(parsed, la, report, actor, step)
    ids = dict(Child.objects.filter(la=la).values_list("la_child_id", "pk"))
    children = Child.objects.filter(la=la)
    _upsert_related(
        CareEpisode,
        ("child_id", "started_on"),
        parsed.episodes,
        ids,
        children,
        report,
        "care episodes",
        actor,
        step,
    )
    sdq = [
        {
            "child": r["child"],
            "collection_year": year,
            "source": SdqScore.Source.SSDA903,
            "score": r["score"],
            "reason": r["reason"],
        }
        for r in parsed.oc2
    ]
    _upsert_related(
        SdqScore,
        ("child_id", "collection_year", "source"),
        sdq,
        ids,
        children,
        report,
        "SDQ scores",
        actor,
        step,
    )
    oc2 = [
        {k: v for k, v in r.items() if k not in {"score", "reason"}} | {"collection_year": year}
        for r in parsed.oc2
    ]
    _upsert_related(
        Oc2Outcome,
        ("child_id", "collection_year"),
        oc2,
        ids,
        children,
        report,
        "OC2 outcomes",
        actor,
        step,
    )
    _upsert_related(
        MissingEpisode,
        ("child_id", "started_on", "kind"),
        parsed.missing,
        ids,
        children,
        report,
        "missing episodes",
        actor,
        step,
    )
    _upsert_related(
        CareReview,
        ("child_id", "reviewed_on"),
        parsed.reviews,
        ids,
        children,
        report,
        "reviews",
        actor,
        step,
    )


def _apply_children(parsed: Parsed, la: LocalAuthority, report, actor, step) -> None:
    rows = []
    stored_uasc = dict(Child.objects.filter(la=la).values_list("la_child_id", "is_uasc"))
    for child_id, data in parsed.children.items():
        row = {"la_id": la.pk, **data}
        if child_id in parsed.uasc:
            row |= {"is_uasc": True, "uasc_ceased_on": parsed.uasc[child_id]}
        elif child_id not in stored_uasc:
            row["is_uasc"] = False
        rows.append(row)
    for child_id, ceased in parsed.uasc.items():
        if child_id not in parsed.children:  # UASC rows for children already stored
            rows.append(
                {"la_id": la.pk, "la_child_id": child_id, "is_uasc": True, "uasc_ceased_on": ceased}
            )
    upsert(
        Child,
        key=("la_id", "la_child_id"),
        rows=rows,
        existing=Child.objects.filter(la=la),
        report=report,
        label="children",
        actor=actor,
        progress=step,
    )


def _upsert_related(model, key, rows, ids, children, report, label, actor, step) -> None:
    prepared = []
    for row in rows:
        data = dict(row)
        data["child_id"] = ids[data.pop("child")]
        prepared.append(data)
    existing = model.objects.filter(child__in=children)
    upsert(
        model,
        key=key,
        rows=prepared,
        existing=existing,
        report=report,
        label=label,
        actor=actor,
        progress=step,
    )
