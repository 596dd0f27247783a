"""stream_csv reads a table's rows from its file each time, and reads them as parse_csv does:
the same encodings (UTF-8 with or without a byte-order mark, Windows-1252), lines and values."""

from hypothesis import given, settings
from hypothesis import strategies as st

from imports.tables import CsvRows, parse_csv, stream_csv

CELLS = st.text(alphabet=st.characters(codec="cp1252", exclude_characters="\r\x00"), max_size=6)


def _same(path, raw: bytes) -> None:
    path.write_bytes(raw)
    streamed, whole = stream_csv(path), parse_csv(raw, path.name)
    assert streamed.header == whole.header
    assert [(r.line, r.values, r.extra) for r in streamed.rows] == [
        (r.line, r.values, r.extra) for r in whole.rows
    ]


def test_encodings_blank_lines_and_quoted_newlines_read_alike(tmp_path):
    text = 'CHILD,NAME\r\n\r\n1,"Zoë\r\nsecond line"\r\n\r\n2,Ann,extra\r\n'
    for raw in (text.encode("utf-8-sig"), text.encode("utf-8"), text.encode("cp1252")):
        _same(tmp_path / "t.csv", raw)


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(st.lists(CELLS, min_size=1, max_size=4), min_size=1, max_size=8))
def test_any_table_reads_alike(tmp_path_factory, rows):
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    for encoding in ("utf-8", "cp1252"):
        _same(path, out.getvalue().encode(encoding))


def test_rows_are_read_from_the_file_each_time_not_held(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("A,B\n1,2\n")
    table = stream_csv(path, upper=True)
    assert isinstance(table.rows, CsvRows)
    assert [r.values for r in table.rows] == [{"A": "1", "B": "2"}]
    path.write_text("A,B\n3,4\n5,6\n")
    assert [r.values["A"] for r in table.rows] == ["3", "5"]
