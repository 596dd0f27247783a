"""Import the DfE's CIN census XML (Message > Header > Source > LEA; Children > Child >
ChildIdentifiers, CINdetails > ChildProtectionPlans), keeping only what the cohort figures need
(cwsw.models). Read as a stream with defusedxml's SAX (no DTDs or entities); every problem is
reported with its line and element; all-or-nothing; a file whose LEA is not the LA's code is
refused; the same file again changes nothing (natural keys: the child's hash, an episode's
referral date, a plan's start)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler

import defusedxml.sax
from defusedxml import DefusedXmlException
from django.db import transaction

from cwsw.keys import child_key, la_secret
from cwsw.models import CinChild, CinEpisode, CpPlan
from imports.problems import Report

NEED = re.compile(r"^N[0-9]$")
MAX_DEPTH = 10


class _Reader(ContentHandler):
    """One Child at a time: its identifiers, episodes and plans, each with its line."""

    def __init__(self, on_child):
        super().__init__()
        self.path: list[str] = []
        self.text: list[str] = []
        self.header: dict[str, str] = {}
        self.child: dict | None = None
        self.on_child = on_child

    def startElement(self, name, attrs):
        tag = name.split(":")[-1]
        if len(self.path) >= MAX_DEPTH:
            raise SAXParseException("elements nested too deep", None, self._locator)
        self.path.append(tag)
        self.text = []
        line = self._locator.getLineNumber()
        if tag == "Child":
            self.child = {"line": line, "ids": {}, "episodes": []}
        elif tag == "CINdetails" and self.child is not None:
            self.child["episodes"].append({"line": line, "plans": []})
        elif tag == "ChildProtectionPlans" and self.child and self.child["episodes"]:
            self.child["episodes"][-1]["plans"].append({"line": line})

    def characters(self, content):
        self.text.append(content)

    def endElement(self, name):
        tag = self.path.pop()
        value = "".join(self.text).strip()
        self.text = []
        parent = self.path[-1] if self.path else ""
        if "Header" in self.path:
            self.header[tag] = value
        elif self.child is not None:
            self._field(tag, parent, value)
        if tag == "Child" and self.child is not None:
            self.on_child(self.child)
            self.child = None

    def _field(self, tag, parent, value) -> None:
        child = self.child
        assert child is not None
        if parent == "ChildIdentifiers":
            child["ids"][tag] = value
        elif parent == "CINdetails" and child["episodes"]:
            child["episodes"][-1][tag] = value
        elif (
            parent == "ChildProtectionPlans"
            and child["episodes"]
            and child["episodes"][-1]["plans"]
        ):
            child["episodes"][-1]["plans"][-1][tag] = value


def cin_census_import(*, path: Path, la, dry_run: bool = False, actor, progress=None) -> Report:
    report = Report()
    secret = la_secret(la)
    children: dict[str, dict] = {}

    def on_child(found: dict) -> None:
        checked = _check(path.name, found, report)
        if checked:
            key = child_key(secret, found["ids"].get("UPN", ""), found["ids"].get("LAchildID", ""))
            merged = children.setdefault(
                key, {"birth_month": checked["birth_month"], "episodes": []}
            )
            merged["episodes"] += checked["episodes"]

    reader = _Reader(on_child)
    if not _parse(path, reader, report):
        return report
    if reader.header.get("LEA", "") != la.code:
        report.problem(
            path.name,
            None,
            "LEA",
            f"The file is for LA {reader.header.get('LEA') or '(none)'}, not {la.code}: refused",
        )
        return report
    if report.ok and not dry_run:
        _write(la, children, report)
    return report


def _parse(path: Path, reader, report: Report) -> bool:
    parser = defusedxml.sax.make_parser()
    parser.setContentHandler(reader)
    try:
        parser.parse(str(path))
    except SAXParseException as exc:
        report.problem(
            path.name, exc.getLineNumber(), "", f"Not well-formed XML: {exc.getMessage()}"
        )
        return False
    except DefusedXmlException as exc:
        report.problem(path.name, None, "", f"Refused: the XML uses a forbidden feature ({exc})")
        return False
    return True


def _date(raw: str):
    try:
        return datetime.date.fromisoformat(raw) if raw else None
    except ValueError:
        return False


def _check(file: str, found: dict, report: Report) -> dict | None:
    """The child's month of birth and its episodes and plans, or None with problems reported."""
    ids, before = found["ids"], len(report.problems)
    if not ids.get("LAchildID"):
        report.problem(file, found["line"], "LAchildID", "A Child has no LAchildID")
    born = _date(ids.get("PersonBirthDate", ""))
    if born is False:
        report.problem(
            file,
            found["line"],
            "PersonBirthDate",
            f"PersonBirthDate '{ids['PersonBirthDate']}' is not a date YYYY-MM-DD",
        )
    episodes = [e for e in (_episode(file, raw, report) for raw in found["episodes"]) if e]
    if len(report.problems) > before:
        return None
    return {"birth_month": born.replace(day=1) if born else None, "episodes": episodes}


def _episode(file: str, raw: dict, report: Report) -> dict | None:
    line, fields = raw["line"], {}
    for tag in ("CINreferralDate", "CINclosureDate"):
        fields[tag] = _date(raw.get(tag, ""))
        if fields[tag] is False:
            report.problem(file, line, tag, f"{tag} '{raw[tag]}' is not a date YYYY-MM-DD")
    if not raw.get("CINreferralDate"):
        report.problem(file, line, "CINreferralDate", "CINdetails has no CINreferralDate")
    need = raw.get("PrimaryNeedCode", "")
    if need and not NEED.match(need):
        report.problem(file, line, "PrimaryNeedCode", f"PrimaryNeedCode '{need}' is not N0 to N9")
    start, end = fields["CINreferralDate"], fields["CINclosureDate"]
    if start and end and end < start:
        report.problem(file, line, "CINclosureDate", "CINclosureDate is before CINreferralDate")
    plans = [p for p in (_plan(file, p, report) for p in raw["plans"]) if p]
    if not start or end is False:
        return None
    return {"referral": start, "closure": end, "need": need, "plans": plans}


def _plan(file: str, raw: dict, report: Report) -> tuple | None:
    start, end = _date(raw.get("CPPstartDate", "")), _date(raw.get("CPPendDate", ""))
    if not start:
        report.problem(
            file,
            raw["line"],
            "CPPstartDate",
            "ChildProtectionPlans has no CPPstartDate, or it is not a date",
        )
        return None
    if end is False or (end and end < start):
        report.problem(
            file, raw["line"], "CPPendDate", "CPPendDate is not a date on or after CPPstartDate"
        )
        return None
    return (start, end)


@transaction.atomic
def _write(la, children: dict[str, dict], report: Report) -> None:
    stored = {
        key: (pk, born)
        for key, pk, born in CinChild.objects.filter(la=la).values_list("key", "pk", "birth_month")
    }
    for key, found in children.items():
        pk, born = stored.get(key, (None, None))
        if pk is None:
            pk = CinChild.objects.create(la=la, key=key, birth_month=found["birth_month"]).pk
            report.count("children", "created")
        elif born != found["birth_month"]:
            CinChild.objects.filter(pk=pk).update(birth_month=found["birth_month"])
            report.count("children", "updated")
        else:
            report.count("children", "unchanged")
        for episode in found["episodes"]:
            _episode_save(pk, episode, report)


def _episode_save(child_pk: int, e: dict, report: Report) -> None:
    values = {"closure_date": e["closure"], "primary_need": e["need"]}
    row, made = CinEpisode.objects.get_or_create(
        child_id=child_pk, referral_date=e["referral"], defaults=values
    )
    changed = not made and (row.closure_date, row.primary_need) != (e["closure"], e["need"])
    if changed:
        CinEpisode.objects.filter(pk=row.pk).update(**values)
    report.count("CIN episodes", _outcome(made, changed))
    for start, end in e["plans"]:
        plan, made = CpPlan.objects.get_or_create(
            child_id=child_pk, start_date=start, defaults={"end_date": end}
        )
        changed = not made and plan.end_date != end
        if changed:
            CpPlan.objects.filter(pk=plan.pk).update(end_date=end)
        report.count("child protection plans", _outcome(made, changed))


def _outcome(made: bool, changed: bool) -> str:
    return "created" if made else "updated" if changed else "unchanged"
