"""Tabular input: CSV files (and rows lifted out of XML) with the line each row came from."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

csv.field_size_limit(10_000_000)


@dataclass
class Row:
    line: int
    values: dict[str, str]
    extra: list[str] = field(default_factory=list)
    where: str = ""  # for rows lifted out of XML: the child and element path

    def get(self, column: str) -> str:
        return (self.values.get(column) or "").strip()


@dataclass
class Table:
    file: str
    header: list[str]
    rows: list[Row]
    name: str = ""  # which table it was recognised as


def decode(raw: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252 as GIAS publishes, else
    Latin-1, which decodes any byte."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def read_csv(path: Path, *, display_name: str | None = None) -> Table:
    return parse_csv(path.read_bytes(), display_name or path.name)


def parse_csv(raw: bytes, name: str) -> Table:
    text = decode(raw)
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] = []
    rows: list[Row] = []
    previous_end = 0
    for record in reader:
        start, previous_end = previous_end + 1, reader.line_num
        if not header:
            if not any(cell.strip() for cell in record):
                continue
            header = [cell.strip() for cell in record]
            continue
        if not any(cell.strip() for cell in record):
            continue  # blank lines between records are not rows
        values = dict(zip(header, record, strict=False))
        rows.append(Row(start, values, record[len(header) :]))
    return Table(name, header, rows)


def has_columns(table: Table, columns, report) -> bool:
    """Report each required column the header lacks; True when none is missing."""
    missing = [c for c in columns if c not in table.header]
    for column in missing:
        report.problem(table.file, 1, column, f"Column {column} is missing from the header row")
    return not missing
