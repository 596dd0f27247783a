"""Reading an SSDA903 return: CSV tables recognised by their header row, or one XML file.

data-formats.md, "SSDA903": CSV files are recognised by header, never by name; some are empty;
the XML has root EXPSSDA903 and one CHILD element per child holding HEADER, EPISODE ... elements
with the same field names (the child's id appears as CHILDID in the XML schema).
"""

from __future__ import annotations

from pathlib import Path
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler

import defusedxml.sax
from defusedxml import DefusedXmlException

from imports.problems import Report
from imports.tables import Row, Table, read_csv

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
}
LOADED = ("Header", "Episodes", "UASC", "OC2", "Missing", "Reviews")


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
    table = read_csv(file)
    if not table.header:
        report.notes.append(f"{file.name}: empty file, nothing to load")
        return []
    name, missing = recognise(table.header)
    if name is None:
        report.problem(file.name, 1, "", "The header row is not one of the SSDA903 tables")
        return []
    for column in missing:
        report.problem(file.name, 1, column, f"Column {column} is missing from the {name} table")
    table.name = name
    table.header = [h.upper() for h in table.header]
    table.rows = [
        Row(r.line, {k.upper(): v for k, v in r.values.items()}, r.extra) for r in table.rows
    ]
    if name not in LOADED:
        report.notes.append(f"{file.name}: {name} table recognised, not loaded by this service")
    return [table] if name in LOADED else []


# --- XML -------------------------------------------------------------------------------------


class _Node:
    __slots__ = ("children", "line", "tag", "text")

    def __init__(self, tag: str, line: int):
        self.tag, self.line, self.text = tag, line, ""
        self.children: list[_Node] = []


class _TreeBuilder(ContentHandler):
    def __init__(self):
        super().__init__()
        self.root = _Node("", 0)
        self.stack = [self.root]

    def startElement(self, name, attrs):
        node = _Node(name.split(":")[-1].upper(), self._locator.getLineNumber())
        self.stack[-1].children.append(node)
        self.stack.append(node)

    def endElement(self, name):
        self.stack.pop()

    def characters(self, content):
        self.stack[-1].text += content


def read_xml(file: Path, report: Report) -> list[Table]:
    builder = _TreeBuilder()
    # defusedxml: the file comes from outside, so no DTDs, entity expansion or external entities.
    parser = defusedxml.sax.make_parser()
    parser.setContentHandler(builder)
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
    roots = builder.root.children
    if not roots or roots[0].tag != "EXPSSDA903":
        report.problem(
            file.name, roots[0].line if roots else 1, "", "The root element is not EXPSSDA903"
        )
        return []
    return _xml_tables(file.name, roots[0], report)


def _xml_tables(name: str, root: _Node, report: Report) -> list[Table]:
    tables: dict[str, Table] = {}
    for child in root.children:
        records = list(_records(child))
        child_id = _child_id(records)
        for record in records:
            values = {n.tag: n.text.strip() for n in record.children}
            if "CHILDID" in values:
                values["CHILD"] = values.pop("CHILDID")
            values.setdefault("CHILD", child_id)
            table_name, _ = recognise(list(values))
            if table_name not in LOADED:
                continue
            table = tables.setdefault(
                table_name, Table(name, list(TABLES[table_name]), [], table_name)
            )
            table.rows.append(Row(record.line, values))
    return list(tables.values())


def _records(node: _Node):
    """Elements whose children are all fields (leaves): one record each."""
    for child in node.children:
        if child.children and all(not g.children for g in child.children):
            yield child
        elif child.children:
            yield from _records(child)


def _child_id(records: list[_Node]) -> str:
    for record in records:
        for field in record.children:
            if field.tag in {"CHILD", "CHILDID"}:
                return field.text.strip()
    return ""
