"""Every CSV and XLSX cell a spreadsheet would run as a formula is neutralised (OWASP's list:
= + - @, tab and carriage return), in exports and in the import problem lists alike."""

import csv
import io

import pytest
from openpyxl import load_workbook

from core.exports import safe_cell, to_csv, to_xlsx
from imports.problems import Problem, write_problems_csv

DANGEROUS = ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "\t5"]
HARMLESS = ["Ada", "-5", "+44", "3.5", "", "a=b"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_formula_starts_get_an_apostrophe(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", HARMLESS)
def test_plain_text_and_signed_numbers_stay_as_they_are(value):
    assert safe_cell(value) == value


def test_csv_and_xlsx_exports_neutralise_every_cell():
    rows = [[v, 1] for v in DANGEROUS]
    read = list(csv.reader(io.StringIO(to_csv(["a", "b"], rows).decode())))
    assert all(r[0].startswith("'") for r in read[1:])
    sheet = load_workbook(io.BytesIO(to_xlsx(["a", "b"], rows))).active
    assert all(str(r[0].value).startswith("'") for r in sheet.iter_rows(min_row=2))


def test_the_problem_list_neutralises_what_came_from_the_file(tmp_path):
    out = tmp_path / "problems.csv"
    write_problems_csv([Problem("=evil.csv", 2, "\t=col", "@message")], out)
    [row] = list(csv.DictReader(out.open()))
    assert (row["file"], row["column"], row["message"]) == ("'=evil.csv", "'\t=col", "'@message")


def test_xlsx_cells_are_typed_and_the_sheet_is_marked():
    import datetime

    header = ["child_id", "urn", "date_of_birth", "possible", "rate", "persistent", "school"]
    rows = [["000123", "100000", "2014-03-01", "380", "85.5%", "true", "Oak Park"],
            ["947390", "", "", "0", "", "false", "=HYPERLINK(1)"]]  # fmt: skip
    book = load_workbook(io.BytesIO(to_xlsx(header, rows, title="Roll")))
    sheet = book.active
    first, second = ([c.value for c in r] for r in sheet.iter_rows(min_row=2))
    assert first[:2] == ["000123", "100000"] and second[0] == "947390"  # identifiers stay text
    assert first[2] == datetime.datetime(2014, 3, 1)
    assert sheet["C2"].number_format == "dd/mm/yyyy"
    assert first[3] == 380 and first[4] == 0.855 and sheet["E2"].number_format == "0.0%"
    assert (first[5], second[5]) == (True, False)
    assert second[6] == "'=HYPERLINK(1)"  # text stays text, neutralised
    assert sheet.freeze_panes == "A2"
    assert sheet.oddHeader.center.text == sheet.oddFooter.center.text == "OFFICIAL-SENSITIVE"
    assert book.properties.keywords == "OFFICIAL-SENSITIVE"
