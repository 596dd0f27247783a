"""The SSDA903 import against the shared sample return, its broken copy, and XML."""

import csv
import datetime
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from authorities.tests.factories import LocalAuthorityFactory
from children.importers.ssda903 import ssda903_import
from children.models import CareEpisode, CareReview, Child, MissingEpisode, SdqScore
from core.actors import SYSTEM

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "samples" / "ssda903"
GOOD, BAD = DATA / "2025-26", DATA / "2025-26-with-errors"


@pytest.fixture
def la(db):
    return LocalAuthorityFactory(code="330", name="Birmingham")


def counts():
    return (
        Child.objects.count(),
        CareEpisode.objects.count(),
        SdqScore.objects.count(),
        MissingEpisode.objects.count(),
        CareReview.objects.count(),
    )


def test_sample_return_loads_then_second_run_changes_nothing(la):
    first = ssda903_import(paths=[GOOD], la=la, actor=SYSTEM)
    assert first.ok, first.problems
    assert counts() == (1866, 3303, 1866, 22, 10834)
    assert first.counts["children"]["created"] == 1866
    history = Child.history.count() + CareEpisode.history.count()
    second = ssda903_import(paths=[GOOD], la=la, actor=SYSTEM)
    assert second.changed == 0
    assert all(c["unchanged"] > 0 for c in second.counts.values())
    assert Child.history.count() + CareEpisode.history.count() == history


def test_broken_return_reports_every_listed_error_and_writes_nothing(la):
    report = ssda903_import(paths=[BAD], la=la, actor=SYSTEM)
    found = {(p.file, p.line, p.column) for p in report.problems}
    expected = set()
    for line in (BAD / "ERRORS.txt").read_text().splitlines()[1:]:
        file, rest = line.split(" line ")
        number, message = rest.split(": ", 1)
        column = message.split(" ")[0] if not message.startswith("CHILD") else "CHILD"
        expected.add((file, int(number), column))
    assert expected <= found, expected - found
    assert len(report.problems) == len(expected)
    assert counts() == (0, 0, 0, 0, 0)


def test_broken_return_leaves_an_existing_roll_untouched(la):
    ssda903_import(paths=[GOOD], la=la, actor=SYSTEM)
    before = counts(), list(Child.objects.values_list("sex", flat=True).order_by("pk"))
    assert not ssda903_import(paths=[BAD], la=la, actor=SYSTEM).ok
    assert (counts(), list(Child.objects.values_list("sex", flat=True).order_by("pk"))) == before


def test_a_changed_row_updates_only_that_record_with_history(la, tmp_path):
    ssda903_import(paths=[GOOD], la=la, actor=SYSTEM)
    folder = tmp_path / "changed"
    shutil.copytree(GOOD, folder)
    rows = list(csv.reader((folder / "header.csv").open()))
    rows[1][3] = "WBRI" if rows[1][3] != "WBRI" else "WIRI"  # ETHNIC of the first child
    with (folder / "header.csv").open("w", newline="") as fh:
        csv.writer(fh).writerows(rows)
    report = ssda903_import(paths=[folder], la=la, actor=SYSTEM)
    assert report.counts["children"] == {"created": 0, "updated": 1, "unchanged": 1865}
    child = Child.objects.get(la_child_id=rows[1][0])
    assert child.ethnicity == rows[1][3]
    assert child.history.count() == 2


def test_files_are_recognised_by_header_not_name(la, tmp_path):
    shutil.copy(GOOD / "header.csv", tmp_path / "a.csv")
    shutil.copy(GOOD / "episodes.csv", tmp_path / "b.csv")
    report = ssda903_import(paths=[tmp_path / "b.csv", tmp_path / "a.csv"], la=la, actor=SYSTEM)
    assert report.ok and counts()[:2] == (1866, 3303)


def test_dry_run_checks_and_writes_nothing(la):
    report = ssda903_import(paths=[GOOD], la=la, dry_run=True, actor=SYSTEM)
    assert report.ok and counts() == (0, 0, 0, 0, 0)


def test_failed_upn_check_is_a_flag_not_an_error(la):
    ssda903_import(paths=[GOOD], la=la, actor=SYSTEM)
    flagged = Child.objects.filter(upn_valid=False).count()
    assert 0 < flagged <= 1866


def _as_xml(folder: Path) -> str:
    tables = {
        "header.csv": "HEADER",
        "episodes.csv": "EPISODE",
        "oc2.csv": "OC2",
        "uasc.csv": "UASC",
        "missing.csv": "MISSING",
    }
    by_child: dict[str, list[str]] = {}
    for file, tag in tables.items():
        for row in csv.DictReader((folder / file).open()):
            child = row.pop("CHILD")
            fields = "".join(f"<{k}>{v}</{k}>" for k, v in row.items())
            id_field = "CHILDID" if tag == "HEADER" else "CHILD"
            by_child.setdefault(child, []).append(
                f"<{tag}><{id_field}>{child}</{id_field}>{fields}</{tag}>"
            )
    body = "\n".join(f"<CHILD>\n{chr(10).join(parts)}\n</CHILD>" for parts in by_child.values())
    return f'<?xml version="1.0" encoding="utf-8"?>\n<EXPSSDA903>\n{body}\n</EXPSSDA903>\n'


def test_xml_return_loads_the_same_as_csv(la, tmp_path):
    path = tmp_path / "return.xml"
    path.write_text(_as_xml(GOOD))
    report = ssda903_import(paths=[path], la=la, actor=SYSTEM)
    assert report.ok, report.problems[:5]
    assert counts()[:4] == (1866, 3303, 1866, 22)


def test_xml_errors_have_line_numbers(la, tmp_path):
    path = tmp_path / "bad.xml"
    path.write_text(
        "<EXPSSDA903>\n<CHILD>\n<HEADER><CHILDID>1</CHILDID><SEX>7</SEX>"
        "<DOB>01/01/2015</DOB><ETHNIC>WBRI</ETHNIC><UPN></UPN></HEADER>\n</CHILD>\n"
        "</EXPSSDA903>"
    )
    report = ssda903_import(paths=[path], la=la, actor=SYSTEM)
    assert [(p.line, p.column) for p in report.problems] == [(3, "SEX")]


@pytest.mark.parametrize(
    "content",
    [
        "<EXPSSDA903><CHILD></EXPSSDA903>",
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><EXPSSDA903>&a;</EXPSSDA903>',
        "<OTHER/>",
    ],
)
def test_bad_xml_is_a_problem_not_a_crash(la, tmp_path, content):
    path = tmp_path / "x.xml"
    path.write_text(content)
    report = ssda903_import(paths=[path], la=la, actor=SYSTEM)
    assert not report.ok and counts()[0] == 0


def _expected_roll(day: datetime.date) -> set[str]:
    """The roll rule computed straight from the CSV files, independently of the service."""

    def parse(raw):
        return datetime.datetime.strptime(raw, "%d/%m/%Y").date() if raw else None

    dobs = {r["CHILD"]: parse(r["DOB"]) for r in csv.DictReader((GOOD / "header.csv").open())}
    looked_after = {
        r["CHILD"]
        for r in csv.DictReader((GOOD / "episodes.csv").open())
        if parse(r["DECOM"]) <= day
        and (not r["DEC"] or parse(r["DEC"]) > day)
        and r["LS"] not in {"V3", "V4"}
    }
    school_year = day.year if day.month >= 9 else day.year - 1

    def in_age(dob):
        year_group = school_year - (dob.year if dob.month >= 9 else dob.year - 1) - 5
        third = (
            dob.replace(year=dob.year + 3)
            if (dob.month, dob.day) != (2, 29)
            else datetime.date(dob.year + 3, 3, 1)
        )
        starts = sorted(
            datetime.date(y, m, 1) for y in range(dob.year + 3, dob.year + 5) for m in (1, 4, 9)
        )
        funded_from = next(s for s in starts if s > third)
        return year_group <= 13 and funded_from <= day

    return {c for c in looked_after if in_age(dobs[c])}


def test_export_roll_lists_exactly_the_children_the_rule_selects(la, tmp_path):
    ssda903_import(paths=[GOOD], la=la, actor=SYSTEM)
    out = tmp_path / "roll.csv"
    call_command("export_roll", "--la", "330", "--on", "2026-03-31", "--output", str(out))
    rows = list(csv.DictReader(out.open()))
    ids = [r["child_id"] for r in rows]
    assert ids == sorted(ids)
    assert set(ids) == _expected_roll(datetime.date(2026, 3, 31))
    from audit.models import AccessLog

    [row] = AccessLog.objects.filter(action="export", object_type="roll")
    # The log names the children the file named: their database ids, as the pages record them.
    named = Child.objects.filter(pk__in=row.children.split(",")).values_list(
        "la_child_id", flat=True
    )
    assert set(named) == set(ids)


def test_export_roll_xlsx(la, tmp_path):
    from openpyxl import load_workbook

    ssda903_import(paths=[GOOD], la=la, actor=SYSTEM)
    out = tmp_path / "roll.xlsx"
    call_command(
        "export_roll", "--la", "330", "--on", "2026-03-31", "--format", "xlsx", "--output", str(out)
    )
    sheet = load_workbook(out).active
    assert [c.value for c in next(sheet.iter_rows(max_row=1))][:3] == [
        "child_id",
        "upn",
        "upn_valid",
    ]
    assert sheet.max_row == len(_expected_roll(datetime.date(2026, 3, 31))) + 1


def test_command_exits_non_zero_with_a_saved_report(la, tmp_path):
    report = tmp_path / "problems.csv"
    err = StringIO()
    with pytest.raises(CommandError, match="7 problem"):
        call_command("import_ssda903", str(BAD), "--la", "330", "--report", str(report), stderr=err)
    assert len(list(csv.reader(report.open()))) == 8
    assert "episodes.csv, line 18, column LS" in err.getvalue()


def test_command_for_unknown_la(db):
    with pytest.raises(CommandError, match="No local authority"):
        call_command("import_ssda903", str(GOOD), "--la", "999")


def test_checking_reports_rows_as_it_goes_then_writing_counts_to_its_total(la, monkeypatch):
    """Progress while checking (no total is known while the files stream) and while writing."""
    from children.importers import ssda903

    monkeypatch.setattr(ssda903, "CHECKED_EVERY", 500)
    heard = []
    report = ssda903_import(paths=[DATA / "2025-26"], la=la, actor=SYSTEM,
                            progress=lambda *step: heard.append(step))  # fmt: skip
    assert report.ok
    checking = [(stage, done) for stage, done, total in heard if stage.startswith("Checking")]
    assert ("Checking children", 1500) in checking and ("Checking Reviews", 10000) in checking
    assert all(total == 0 for stage, _, total in heard if stage.startswith("Checking"))
    writing = [(done, total) for stage, done, total in heard if stage == "Writing"]
    assert writing[-1][0] == writing[-1][1] > 1866
    assert all(done <= total for done, total in writing)  # the total counts what is written
    assert writing[-2][0] > 0.99 * writing[-2][1]  # and no more (a duplicate review or two)
