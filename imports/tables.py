"""Tabular input: CSV files (and rows lifted out of XML) with the line each row came from."""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import tempfile
import weakref
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
    records = _records(csv.reader(io.StringIO(decode(raw), newline="")))
    header = [cell.strip() for cell in next(records, (0, []))[1]]
    return Table(name, header, list(_rows(records, header)))


def _records(reader):
    """(first line, cells) of each record with something in it: the header row, then rows
    (blank lines before the header or between records are not rows)."""
    previous_end = 0
    for record in reader:
        start, previous_end = previous_end + 1, reader.line_num
        if any(cell.strip() for cell in record):
            yield start, record


def _rows(records, keys: list[str]):
    for start, record in records:
        yield Row(start, dict(zip(keys, record, strict=False)), record[len(keys) :])


class CsvRows:
    """A CSV file's rows, read from the file each time they are iterated and never held: an
    import that reads a table twice (check everything, then write) stays in bounded memory.
    `keys` name the values (the header row, or it upper-cased)."""

    def __init__(self, path: Path, encoding: str, keys: list[str]):
        self.path, self.encoding, self.keys = path, encoding, keys

    def __iter__(self):
        with self.path.open(encoding=self.encoding, newline="") as fh:
            records = _records(csv.reader(fh))
            next(records, None)  # the header row
            yield from _rows(records, self.keys)


class SpilledRows:
    """Rows lifted out of a file that cannot be read twice by table (an XML return reads child
    by child), written to a temporary file as they arrive and read back from it each time they
    are iterated: a table of 100,000 children's rows is never held. Each iteration opens its own
    reader, so two may run at once; the file goes with the object."""

    def __init__(self):
        handle, name = tempfile.mkstemp(prefix="rows-", suffix=".jsonl")
        self.path = Path(name)
        self.writer = os.fdopen(handle, "w", encoding="utf-8")
        self.count = 0
        weakref.finalize(self, _remove, self.writer, self.path)

    def append(self, row: Row) -> None:
        self.writer.write(json.dumps([row.line, row.values, row.extra, row.where]) + "\n")
        self.count += 1

    def __len__(self) -> int:
        return self.count

    def __iter__(self):
        self.writer.flush()
        with self.path.open(encoding="utf-8") as fh:
            for text in fh:
                line, values, extra, where = json.loads(text)
                yield Row(line, values, extra, where)


def _remove(writer, path: Path) -> None:
    writer.close()
    path.unlink(missing_ok=True)


def stream_csv(path: Path, *, upper: bool = False) -> Table:
    """A Table whose rows stream from the file (CsvRows), decoded as `decode` would."""
    encoding = file_encoding(path)
    with path.open(encoding=encoding, newline="") as fh:
        header = [cell.strip() for cell in next(_records(csv.reader(fh)), (0, []))[1]]
    keys = [h.upper() for h in header] if upper else header
    return Table(path.name, keys, CsvRows(path, encoding, keys))  # type: ignore[arg-type]


def file_encoding(path: Path) -> str:
    """The encoding `decode` would choose, found by decoding the file in pieces."""
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as fh:
                while piece := fh.read(1 << 20):
                    decoder.decode(piece)
                decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError:
            continue
    return "latin-1"


def has_columns(table: Table, columns, report) -> bool:
    """Report each required column the header lacks; True when none is missing."""
    missing = [c for c in columns if c not in table.header]
    for column in missing:
        report.problem(table.file, 1, column, f"Column {column} is missing from the header row")
    return not missing
