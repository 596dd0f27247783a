"""One row of an SSDA903 table turned into clean values, each problem reported with its file,
line and column. The import reads every table twice (ssda903.py checks, ssda903_write.py
writes) through these same functions, so what is written is what was checked."""

from __future__ import annotations

import datetime
import sys

from children import codes
from children.upn import upn_is_valid
from imports.parsing import parse_date, parse_int
from imports.problems import Report
from imports.tables import Row, Table


class Checker:
    """Collects problems for one row, with the file and line already known (and for rows read
    from XML, the child and element path)."""

    def __init__(self, report: Report, table: Table, row: Row):
        self.report, self.table, self.row = report, table, row

    def where(self) -> str:
        return f" ({self.row.where})" if self.row.where else ""

    def fail(self, column: str, message: str) -> None:
        self.report.problem(self.table.file, self.row.line, column, message + self.where())

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
        # One string per code, not per row: what checking keeps per row (580,000 reviews'
        # codes at 100,000 children) held a copy of "PN1" each.
        return sys.intern(raw)

    def flag(self, column: str) -> str:
        raw = self.row.get(column)
        normal = {"0": "0", "1": "1", "0.0": "0", "1.0": "1"}.get(raw)
        if raw and normal is None:
            self.fail(column, f"{column} '{raw}' is not 0 or 1")
        return normal or ""


def header_row(check: Checker) -> dict:
    child = check.row.get("CHILD")
    upn = check.row.get("UPN").upper()
    return {
        "la_child_id": child,
        "sex": check.row.get("SEX").upper(),
        "date_of_birth": check.date("DOB", required=True),
        "ethnicity": check.code("ETHNIC", codes.ETHNICITIES, label="an ethnicity code"),
        "upn": upn[:13],
        "upn_valid": upn_is_valid(upn),
        "is_mother": {"1": True, "0": False}.get(check.flag("MOTHER")),
        "mother_child_dob": check.date("MC_DOB"),
    }


def episode_row(check: Checker) -> dict:
    start, end = check.period("DECOM", "DEC")
    return {
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


def uasc_row(check: Checker) -> dict:
    return {"child": check.row.get("CHILD"), "ceased_on": check.date("DUC")}


_OC2_FLAGS = (
    "convicted",
    "health_check",
    "immunisations",
    "teeth_check",
    "health_assessment",
    "substance_misuse",
    "intervention_received",
    "intervention_offered",
)


def oc2_row(check: Checker) -> dict:
    score, error = parse_int(check.row.get("SDQ_SCORE"), low=0, high=40)
    if error:
        check.fail("SDQ_SCORE", f"SDQ_SCORE {error}")
    flags = {name: check.flag(name.upper()) for name in _OC2_FLAGS}
    reason = check.code("SDQ_REASON", codes.SDQ_REASONS, label="SDQ1-SDQ5")
    return {"child": check.row.get("CHILD"), "score": score, "reason": reason, **flags}


def missing_row(check: Checker) -> dict:
    kind = check.code("MISSING", codes.MISSING_KINDS, required=True, label="M or A")
    start, end = check.period("MIS_START", "MIS_END")
    return {"child": check.row.get("CHILD"), "kind": kind, "started_on": start, "ended_on": end}


def review_row(check: Checker) -> dict:
    day = check.date("REVIEW", required=True)
    code = check.code("REVIEW_CODE", codes.REVIEW_CODES, label="PN0-PN7")
    return {"child": check.row.get("CHILD"), "reviewed_on": day, "code": code}


def sw_episode_row(check: Checker) -> dict:
    start, end = check.period("SW_DECOM", "SW_DEC")
    sw_id = check.row.get("SW_ID")
    if not sw_id:
        check.fail("SW_ID", "SW_ID is blank")
    return {
        "child": check.row.get("CHILD"),
        "social_worker_id": sw_id[:20],
        "started_on": start,
        "ended_on": end,
        "reason": check.row.get("SW_REASON").upper()[:10],
    }


def dolo_row(check: Checker) -> dict:
    start, end = check.period("DOLO_START", "DOLO_END")
    return {"child": check.row.get("CHILD"), "started_on": start, "ended_on": end}


# The tables under a child, in the order they are checked and written.
PARSERS = {
    "Episodes": episode_row,
    "UASC": uasc_row,
    "OC2": oc2_row,
    "Missing": missing_row,
    "Reviews": review_row,
    "SWEpisodes": sw_episode_row,
    "DoLo": dolo_row,
}


def parsed_rows(tables, name: str, parse):
    """Every row of the named tables, parsed again for writing (checked already: any problem
    would have stopped the import before this second read)."""
    quiet = Report()
    for table in tables.get(name, []):
        for row in table.rows:
            yield parse(Checker(quiet, table, row))
