"""Tabular exports as CSV (stdlib) or XLSX (openpyxl). Callers log every export."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    # The same CSV with a byte-order mark: Excel then reads it as UTF-8 (names with accents stay
    # whole). The default CSV stays plain, for programs that would read the mark as data.
    "csv-excel": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EXTENSIONS = {"csv": "csv", "csv-excel": "csv", "xlsx": "xlsx"}
BOM = "\ufeff".encode()


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


MARKING = "OFFICIAL-SENSITIVE"  # exports about children (the board's report has its own)
_TEXT_COLUMNS = re.compile(r"(^|_)(id|urn|upn|uln|postcode|code|ethnicity|sex)(_|$)", re.I)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INTEGER = re.compile(r"-?(0|[1-9]\d{0,14})")
_DECIMAL = re.compile(r"-?(0|[1-9]\d{0,14})\.\d+")
_PERCENT = re.compile(r"(\d{1,3}(\.\d+)?)%")


def to_xlsx(header: Sequence[str], rows: Iterable[Sequence], *, title: str = "Export",
            marking: str = MARKING) -> bytes:  # fmt: skip
    """A sheet a spreadsheet reads as data: dates as dates, numbers and rates as numbers,
    true/false as booleans, identifiers (ids, URNs, UPNs, codes, postcodes) and all else as
    text; the header row frozen; the marking in every printed page's header and footer and in
    the file's properties."""
    book = Workbook(write_only=True)
    book.properties.keywords = book.properties.category = marking
    sheet = book.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    sheet.oddHeader.center.text = sheet.oddFooter.center.text = marking
    text = [bool(_TEXT_COLUMNS.search(str(name))) for name in header]
    for n, name in enumerate(header):
        sheet.column_dimensions[get_column_letter(n + 1)].width = max(10, len(str(name)) + 4)
    sheet.append(list(header))
    for row in rows:
        sheet.append([_typed(sheet, v, text[n] if n < len(text) else False)
                      for n, v in enumerate(row)])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _typed(sheet, value, as_text: bool):
    """The cell for a value: callers pass text for CSV (ISO dates, "true", "85.2%"), so text in
    those shapes becomes the value it stands for, except in identifier columns."""
    if isinstance(value, datetime.date):
        return _formatted(sheet, value, "dd/mm/yyyy")
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    raw = str(value)
    if as_text:
        return safe_cell(raw)
    if _ISO_DATE.fullmatch(raw):
        return _formatted(sheet, datetime.date.fromisoformat(raw), "dd/mm/yyyy")
    if raw in ("true", "false"):
        return raw == "true"
    if _INTEGER.fullmatch(raw):
        return int(raw)
    if _DECIMAL.fullmatch(raw):
        return float(raw)
    if match := _PERCENT.fullmatch(raw):
        return _formatted(sheet, float(match.group(1)) / 100, "0.0%")
    return safe_cell(raw)


def _formatted(sheet, value, number_format: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def render(fmt: str, header: Sequence[str], rows: Iterable[Sequence], *, title: str) -> bytes:
    if fmt == "xlsx":
        return to_xlsx(header, rows, title=title)
    return (BOM if fmt == "csv-excel" else b"") + to_csv(header, rows)


def file_name(stem: str, fmt: str, marking: str = MARKING) -> str:
    """The marking travels in the name, where a CSV has nowhere else to carry it."""
    return f"{stem}-{marking}.{EXTENSIONS[fmt]}"


def download(fmt: str, header: Sequence[str], rows: Iterable[Sequence], *, title: str,
             stem: str, marking: str = MARKING):  # fmt: skip
    """The export as an attachment, typed and marked (callers log it first)."""
    from django.http import HttpResponse

    response = HttpResponse(render(fmt, header, rows, title=title), content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{file_name(stem, fmt, marking)}"'
    return response
