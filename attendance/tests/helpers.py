"""Test helpers: write a marks CSV and an independent reading of attendance.md's table."""

from __future__ import annotations

from pathlib import Path

# attendance.md, typed out again here so the tests do not trust the catalogue they check.
PRESENT = set("/\\L")
APPROVED = {"K", "V", "P", "W", "B", "J"}
AUTHORISED = {"C", "C1", "C2", "E", "I", "J1", "M", "R", "S", "T", "H", "F"}
UNAUTHORISED = {"G", "N", "O", "U"}
NOT_POSSIBLE = {"D", "Q", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7", "X", "Z", "#", "Y"}
NO_MARK = {"-"}


def expected(codes: list[str]) -> dict:
    """The measures for a list of codes, computed from the definitions."""
    present = sum(c in PRESENT or c in APPROVED for c in codes)
    authorised = sum(c in AUTHORISED for c in codes)
    unauthorised = sum(c in UNAUTHORISED for c in codes)
    possible = present + authorised + unauthorised
    absent = authorised + unauthorised
    return {
        "possible": possible,
        "present": present,
        "authorised": authorised,
        "unauthorised": unauthorised,
        "persistent": possible > 0 and absent / possible >= 0.10,
        "severe": possible > 0 and absent / possible >= 0.50,
    }


def marks_csv(
    tmp_path: Path, rows: list[tuple], *, header="child_id,date,session,code", name="marks.csv"
) -> Path:
    path = tmp_path / name
    lines = [header] + [",".join(str(v) for v in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
