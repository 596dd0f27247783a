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
