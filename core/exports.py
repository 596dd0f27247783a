"""Tabular exports as CSV (stdlib) or XLSX (openpyxl). Callers log every export."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """Spreadsheet programs run cells starting with = + - @ (or a tab or carriage return before
    one) as formulas: such cells get a leading apostrophe. A signed number stays a number."""
    text = "" if value is None else str(value)
    if text[:1] in ("+", "-") and _is_number(text):
        return text
    return "'" + text if text[:1] in FORMULA_STARTS else text


def _is_number(text: str) -> bool:
    if text != text.strip():
        return False
    try:
        float(text)
    except ValueError:
        return False
    return True


def to_csv(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8")


def to_xlsx(header: Sequence[str], rows: Iterable[Sequence], *, title: str = "Export") -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.append(list(header))
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def render(fmt: str, header: Sequence[str], rows: Iterable[Sequence], *, title: str) -> bytes:
    if fmt == "xlsx":
        return to_xlsx(header, rows, title=title)
    return to_csv(header, rows)
