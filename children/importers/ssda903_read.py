"""Reading an SSDA903 return: CSV tables recognised by their header row, or one XML file.

data-formats.md, "SSDA903": CSV files are recognised by header, never by name; some are empty;
the XML has root EXPSSDA903 and one CHILD element per child (see "XML" below). A table this
service does not know is a note, never a reason to refuse the return.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler

import defusedxml.sax
from defusedxml import DefusedXmlException

from imports.problems import Report
from imports.tables import Row, SpilledRows, Table, stream_csv

TABLES: dict[str, tuple[str, ...]] = {
    "Header": ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
    "Episodes": (
        "CHILD",
        "DECOM",
        "RNE",
        "LS",
        "CIN",
        "PLACE",
        "PLACE_PROVIDER",
        "DEC",
        "REC",
        "REASON_PLACE_CHANGE",
        "HOME_POST",
        "PL_POST",
        "URN",
    ),
    "UASC": ("CHILD", "SEX", "DOB", "DUC"),
    "Reviews": ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
    "OC2": (
        "CHILD",
        "DOB",
        "SDQ_SCORE",
        "SDQ_REASON",
        "CONVICTED",
        "HEALTH_CHECK",
        "IMMUNISATIONS",
        "TEETH_CHECK",
        "HEALTH_ASSESSMENT",
        "SUBSTANCE_MISUSE",
        "INTERVENTION_RECEIVED",
        "INTERVENTION_OFFERED",
    ),
    "OC3": ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
    "AD1": (
        "CHILD",
        "DOB",
        "DATE_INT",
        "DATE_MATCH",
        "FOSTER_CARE",
        "NB_ADOPTR",
        "SEX_ADOPTR",
        "LS_ADOPTR",
    ),
    "PlacedAdoption": ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"),
    "PrevPerm": ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"),
    "Missing": ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
    "SWEpisodes": ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
    "DoLo": ("CHILD", "DOB", "DOLO_START", "DOLO_END"),
}
LOADED = ("Header", "Episodes", "UASC", "OC2", "Missing", "Reviews", "SWEpisodes", "DoLo")


def recognise(header: list[str]) -> tuple[str | None, list[str]]:
    """The table a header row belongs to, and the columns it lacks. The best match is the table
    sharing most columns with the header; ties go to the table with fewer columns."""
    cols = {c.strip().upper() for c in header}
    best, best_score = None, 0.0
    for name, expected in TABLES.items():
        shared = len(cols & set(expected))
        score = shared / len(expected) + shared / max(len(cols), 1)
        if shared >= 3 and score > best_score:
            best, best_score = name, score
    if best is None:
        return None, []
    return best, [c for c in TABLES[best] if c not in cols]


def read_sources(paths: list[Path], report: Report) -> dict[str, list[Table]]:
    """Every table in the given folders, CSV files and XML files, grouped by table name."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.is_file() and _is_data_file(p))
        elif path.exists():
            files.append(path)
        else:
            report.problem(str(path), None, "", "No such file or folder")
    tables: dict[str, list[Table]] = {}
    for file in files:
        for table in _read_file(file, report):
            tables.setdefault(table.name, []).append(table)
    return tables


def _is_data_file(path: Path) -> bool:
    return path.suffix.lower() in {".csv", ".xml"}


def _read_file(file: Path, report: Report) -> list[Table]:
    if file.suffix.lower() == ".xml":
        return read_xml(file, report)
    table = stream_csv(file, upper=True)  # rows read from the file when iterated, not held
    if not table.header:
        report.notes.append(f"{file.name}: empty file, nothing to load")
        return []
    name, missing = recognise(table.header)
    if name is None:
        # Returns gain tables over the years: an unknown one is worth a note, not a refusal.
        report.notes.append(
            f"{file.name}: not one of the SSDA903 tables this service knows, skipped"
        )
        return []
    for column in missing:
        report.problem(file.name, 1, column, f"Column {column} is missing from the {name} table")
    table.name = name
    if name not in LOADED:
        report.notes.append(f"{file.name}: {name} table recognised, not loaded by this service")
    return [table] if name in LOADED else []


# --- XML -------------------------------------------------------------------------------------
# The layout social care systems export (data-formats.md): EXPSSDA903 > CHILD > HEADER holding
# the child's fields (CHILDID for CHILD) and nested records (AREVIEW, OC2, OC3, AD1, PERMANENCE,
# PLACED_ADOPTION or AD_PLACED, MISSING or AMISSING, ...), and EPISODE records (PL for PLACE),
# directly under CHILD or inside EPISODES. An element with child elements is a record; a leaf
# is a field of the record around it. Read as a stream (expat through defusedxml's SAX), with
# no recursion and a bounded depth, so time is linear in the file and nesting cannot exhaust
# the stack.

MAX_DEPTH = 8
XML_RECORDS = {
    "HEADER": "Header",
    "EPISODE": "Episodes",
    "UASC": "UASC",
    "AREVIEW": "Reviews",
    "REVIEW": "Reviews",
    "OC2": "OC2",
    "OC3": "OC3",
    "AD1": "AD1",
    "PERMANENCE": "PrevPerm",
    "PLACED_ADOPTION": "PlacedAdoption",
    "AD_PLACED": "PlacedAdoption",
    "MISSING": "Missing",
    "AMISSING": "Missing",
    "SW_EPISODE": "SWEpisodes",
    "SWEPISODE": "SWEpisodes",
    "DOLO": "DoLo",
}
XML_FIELDS = {"CHILDID": "CHILD", "PL": "PLACE"}
_TRUE = {"1", "Y", "YES", "TRUE"}


class _Element:
    __slots__ = ("fields", "has_children", "line", "tag", "text")

    def __init__(self, tag: str, line: int):
        self.tag, self.line = tag, line
        self.text: list[str] = []
        self.fields: dict[str, str] = {}
        self.has_children = False


class _TooDeep(Exception):
    pass


class _ReturnReader(ContentHandler):
    """Builds one child at a time: its header fields and its records, in document order."""

    def __init__(self, on_child):
        super().__init__()
        self.stack: list[_Element] = []
        self.records: list[tuple[str, int, dict[str, str]]] = []
        self.on_child = on_child
        self.root_tag = ""

    def startElement(self, name, attrs):
        tag = name.split(":")[-1].upper()
        if len(self.stack) >= MAX_DEPTH:
            raise _TooDeep(self._locator.getLineNumber())
        if self.stack:
            self.stack[-1].has_children = True
        elif not self.root_tag:
            self.root_tag = tag
        self.stack.append(_Element(tag, self._locator.getLineNumber()))

    def characters(self, content):
        self.stack[-1].text.append(content)

    def endElement(self, name):
        element = self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        if parent is None:
            return
        if not element.has_children:
            field = XML_FIELDS.get(element.tag, element.tag)
            parent.fields[field] = "".join(element.text).strip()
        elif element.tag == "CHILD" and len(self.stack) == 1:
            self.on_child(element, self.records)
            self.records = []
        elif element.fields:
            self.records.append((element.tag, element.line, element.fields))


def read_xml(file: Path, report: Report) -> list[Table]:
    tables: dict[str, Table] = {}
    counter = [0]

    def on_child(element: _Element, records) -> None:
        counter[0] += 1
        _child_rows(file.name, counter[0], element, records, tables, report)

    reader = _ReturnReader(on_child)
    # defusedxml: the file comes from outside, so no DTDs, entity expansion or external entities.
    parser = defusedxml.sax.make_parser()
    parser.setContentHandler(reader)
    try:
        parser.parse(str(file))
    except SAXParseException as exc:
        report.problem(
            file.name, exc.getLineNumber(), "", f"Not well-formed XML: {exc.getMessage()}"
        )
        return []
    except DefusedXmlException as exc:
        report.problem(file.name, None, "", f"Refused: the XML uses a forbidden feature ({exc})")
        return []
    except _TooDeep as exc:
        line = exc.args[0]
        report.problem(file.name, line, "", f"Elements are nested deeper than {MAX_DEPTH} levels")
        return []
    if reader.root_tag != "EXPSSDA903":
        report.problem(file.name, 1, "", "The root element is not EXPSSDA903")
        return []
    return [t for t in tables.values() if t.name in LOADED]


def _child_rows(file, number, child: _Element, records, tables, report) -> None:
    """Turn one CHILD element into table rows; every nested row takes the child's id and DOB."""
    header = dict(child.fields)
    for tag, _line, fields in records:
        if tag == "HEADER":
            header |= fields
    child_id = header.get("CHILD", "")
    inherited = {"CHILD": child_id, "DOB": header.get("DOB", "")}
    where = f"CHILD {child_id or f'number {number} (no CHILDID)'}"
    seen: dict[str, int] = {}
    for tag, line, fields in records:
        name = XML_RECORDS.get(tag) or recognise(list(fields))[0]
        if name is None:
            report.notes.append(f"{file}: {where}: element {tag} is not an SSDA903 table, skipped")
            continue
        seen[tag] = seen.get(tag, 0) + 1
        values = inherited | fields if name != "Header" else header
        path = f"{where} > {tag}" + (f"[{seen[tag]}]" if tag != "HEADER" else "")
        _add_row(tables, file, name, Row(line, values, where=path))
        if name == "Header" and (header.get("UASC", "").upper() in _TRUE or header.get("DUC")):
            _add_row(tables, file, "UASC", Row(line, dict(header), where=f"{where} > HEADER"))


def _add_row(tables: dict[str, Table], file: str, name: str, row: Row) -> None:
    """The row spilled to its table's temporary file (imports.tables.SpilledRows): the return's
    tables are read twice (check, then write) and never held."""
    table = tables.get(name)
    if table is None:
        table = tables[name] = Table(file, list(TABLES[name]), SpilledRows(), name)  # type: ignore[arg-type]
    table.rows.append(row)
