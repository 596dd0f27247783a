"""Returns as councils send them: the validator's XML layout, code lists by collection year, new
tables, corrections that replace a year, and the consistency flags (issue 11)."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from authorities.tests.factories import LocalAuthorityFactory
from children.importers.ssda903 import ssda903_import
from children.importers.ssda903_year import parse_year
from children.models import (
    CareEpisode,
    CareReview,
    Child,
    DeprivationOfLiberty,
    MissingEpisode,
    ReturnFlag,
    SdqScore,
    SocialWorkerEpisode,
)
from core.actors import SYSTEM

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "ssda903"
XML = SAMPLES / "xml" / "validator_layout.xml"
D = datetime.date

HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"
EPISODES = (
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
)


@pytest.fixture
def la(db):
    return LocalAuthorityFactory(code="330", name="Birmingham")


def write_return(folder: Path, header: list[str], episodes: list[str], **tables) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "header.csv").write_text("\n".join([HEADER, *header]) + "\n")
    (folder / "episodes.csv").write_text("\n".join([EPISODES, *episodes]) + "\n")
    for name, lines in tables.items():
        (folder / f"{name}.csv").write_text("\n".join(lines) + "\n")
    return folder


def episode(child, decom, dec="", ls="C2", rne="S", rec=""):
    rec = rec or ("X1" if dec else "")
    return f"{child},{decom},{rne},{ls},N1,U4,PR1,{dec},{rec},,,,"


# --- the validator's XML layout ---------------------------------------------------------------


def test_validator_xml_layout_loads_every_child_and_episode_with_placement_types(la):
    report = ssda903_import(paths=[XML], la=la, collection_year=2025, actor=SYSTEM)
    assert report.ok, report.problems
    assert sorted(Child.objects.values_list("la_child_id", "sex")) == [
        ("X100", "M"),
        ("X200", "F"),
        ("X300", "U"),
    ]
    episodes = CareEpisode.objects.order_by("child__la_child_id", "started_on")
    assert [(e.child.la_child_id, e.placement_type) for e in episodes] == [
        ("X100", "U4"),
        ("X100", "K2"),
        ("X200", "U1"),  # inside an EPISODES wrapper
        ("X200", "P2"),
        ("X300", "R2"),
        ("X300", "U3"),
    ]
    x200 = Child.objects.get(la_child_id="X200")
    assert x200.is_uasc and x200.uasc_ceased_on == D(2027, 3, 7)
    assert not Child.objects.get(la_child_id="X100").is_uasc  # <UASC /> is not a UASC flag
    assert CareReview.objects.count() == 3
    assert MissingEpisode.objects.get().started_on == D(2024, 9, 3)
    assert SdqScore.objects.get().score == 18


def test_xml_problems_name_the_child_and_the_element(la, tmp_path):
    path = tmp_path / "bad.xml"
    path.write_text(XML.read_text().replace("<PL>K2</PL>", "<PL>Q9</PL>"))
    report = ssda903_import(paths=[path], la=la, collection_year=2025, actor=SYSTEM)
    [problem] = report.problems
    assert problem.column == "PLACE"
    assert "CHILD X100 > EPISODE[2]" in problem.message


def test_deep_nesting_is_a_problem_not_a_crash(la, tmp_path):
    path = tmp_path / "deep.xml"
    path.write_text("<EXPSSDA903><CHILD>" + "<A>" * 5000 + "</A>" * 5000 + "</CHILD></EXPSSDA903>")
    report = ssda903_import(paths=[path], la=la, actor=SYSTEM)
    assert [p.message for p in report.problems] == ["Elements are nested deeper than 8 levels"]
    assert Child.objects.count() == 0


def test_a_large_xml_file_reads_in_linear_time(la, tmp_path):
    """20,000 children on one line: a tree walk with string concatenation was quadratic."""
    import time

    from children.importers.ssda903_read import read_xml
    from imports.problems import Report

    one = XML.read_text().split("<EXPSSDA903>")[1].split("</EXPSSDA903>")[0]
    path = tmp_path / "big.xml"
    path.write_text("<EXPSSDA903>" + one.replace("\n", "") * 2000 + "</EXPSSDA903>")
    started = time.process_time()
    tables = {t.name: t for t in read_xml(path, Report())}
    assert len(tables["Header"].rows) == 6000
    assert len(tables["Episodes"].rows) == 12000
    assert time.process_time() - started < 20  # seconds; in practice about one


def test_an_xml_returns_rows_are_not_held_in_memory(la, tmp_path):
    """Read child by child and spilled table by table to temporary files: four times the
    children leave the memory the tables hold, and the most the read needs, about the same."""
    import tracemalloc

    from children.importers.ssda903_read import read_xml
    from imports.problems import Report

    one = XML.read_text().split("<EXPSSDA903>")[1].split("</EXPSSDA903>")[0]

    def memory(copies: int) -> tuple[int, int]:
        path = tmp_path / f"r{copies}.xml"
        path.write_text("<EXPSSDA903>" + one * copies + "</EXPSSDA903>")
        tracemalloc.start()
        tables = read_xml(path, Report())
        held, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert sum(len(t.rows) for t in tables if t.name == "Header") == 3 * copies
        return held, peak

    (small_held, small_peak), (large_held, large_peak) = memory(250), memory(1000)
    assert large_held < 1.5 * small_held + 100_000, (small_held, large_held)
    assert large_peak < 1.5 * small_peak + 100_000, (small_peak, large_peak)


# --- code lists and tables by collection year -------------------------------------------------


def test_letter_sex_codes_load_for_2024_25_and_are_refused_for_2022_23(la, tmp_path):
    folder = write_return(
        tmp_path / "r", ["A1,F,01/01/2015,WBRI,,,"], [episode("A1", "01/05/2024")]
    )
    assert ssda903_import(paths=[folder], la=la, collection_year=2025, actor=SYSTEM).ok
    old = write_return(tmp_path / "old", ["A2,M,01/01/2015,WBRI,,,"], [episode("A2", "01/05/2022")])
    report = ssda903_import(paths=[old], la=la, collection_year=2023, actor=SYSTEM)
    assert [p.message for p in report.problems] == [
        "SEX 'M' is not in the 2022-23 code list (1, 2)"
    ]


def test_the_year_is_inferred_from_most_childrens_dates_and_said(la, tmp_path):
    folder = write_return(
        tmp_path / "r",
        ["A1,1,01/01/2015,WBRI,,,", "A2,2,01/01/2014,WBRI,,,", "A3,1,01/01/2013,WBRI,,,"],
        [
            episode("A1", "01/05/2024"),
            episode("A2", "01/06/2024"),
            episode("A3", "01/06/2024", "30/09/2027"),  # one mistyped date
        ],
        oc2=[
            "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,"
            "HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED",
            "A1,01/01/2015,12,,0,1,1,1,1,0,0,0",
        ],
    )
    report = ssda903_import(paths=[folder], la=la, actor=SYSTEM)
    assert report.notes[0].startswith("Collection year 2024-25 assumed")
    assert SdqScore.objects.get().collection_year == 2025


@pytest.mark.parametrize(
    ("raw", "year"), [("2025-26", 2026), ("2025/26", 2026), ("2026", 2026), ("1999-00", 2000)]
)
def test_year_spellings(raw, year):
    assert parse_year(raw) == (year, "")


def test_a_bad_year_is_refused_on_the_command_line(la):
    with pytest.raises(CommandError, match="2025-27"):
        call_command("import_ssda903", str(XML), "--la", "330", "--year", "2025-27")


def test_dolo_and_sw_episodes_are_stored_and_an_unknown_table_is_a_note(la, tmp_path):
    folder = write_return(
        tmp_path / "r",
        ["A1,M,05/12/2010,WBRI,,,"],
        [episode("A1", "01/05/2024")],
        DoLo=["CHILD,DOB,DOLO_START,DOLO_END", "A1,05/12/2010,01/01/2025,02/01/2025"],
        sw_episodes=[
            "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON",
            "A1,05/12/2010,SW999,01/05/2024,03/01/2025,SWDIED",
        ],
        future_table=["CHILD,SOMETHING_NEW,WHEN", "A1,1,01/01/2025"],
    )
    report = ssda903_import(paths=[folder], la=la, collection_year=2025, actor=SYSTEM)
    assert report.ok, report.problems
    assert DeprivationOfLiberty.objects.get().ended_on == D(2025, 1, 2)
    assert SocialWorkerEpisode.objects.get().social_worker_id == "SW999"
    assert any("future_table.csv: not one of the SSDA903 tables" in n for n in report.notes)


# --- a return is authoritative for its year ---------------------------------------------------


def test_a_correction_takes_the_child_off_the_roll_and_keeps_the_old_episode_in_history(
    la, tmp_path
):
    first = write_return(
        tmp_path / "first", ["A1,1,01/01/2015,WBRI,,,"], [episode("A1", "01/05/2025")]
    )
    ssda903_import(paths=[first], la=la, collection_year=2026, actor=SYSTEM)
    assert Child.objects.on_roll(D(2026, 2, 1)).count() == 1
    # At source: the start date was a week out, and the child left care in January.
    corrected = write_return(
        tmp_path / "second",
        ["A1,1,01/01/2015,WBRI,,,"],
        [episode("A1", "08/05/2025", "10/01/2026", rec="E13")],
    )
    report = ssda903_import(paths=[corrected], la=la, collection_year=2026, actor=SYSTEM)
    assert report.ok
    assert list(CareEpisode.objects.values_list("started_on", "ended_on")) == [
        (D(2025, 5, 8), D(2026, 1, 10))
    ]
    assert Child.objects.on_roll(D(2026, 2, 1)).count() == 0
    assert "1 care episodes replaced for 1 child (kept in history)" in report.notes
    removed = CareEpisode.history.filter(history_type="-").get()
    assert removed.started_on == D(2025, 5, 1) and removed.ended_on is None
    again = ssda903_import(paths=[corrected], la=la, collection_year=2026, actor=SYSTEM)
    assert again.changed == 0


def test_rows_outside_the_returns_year_are_kept(la, tmp_path):
    older = write_return(
        tmp_path / "2024-25",
        ["A1,1,01/01/2015,WBRI,,,"],
        [episode("A1", "01/05/2023", "01/06/2024", rec="E13")],
        reviews=["CHILD,DOB,REVIEW,REVIEW_CODE", "A1,01/01/2015,01/02/2024,PN1"],
    )
    ssda903_import(paths=[older], la=la, collection_year=2025, actor=SYSTEM)
    newer = write_return(
        tmp_path / "2025-26",
        ["A1,1,01/01/2015,WBRI,,,"],
        [episode("A1", "01/09/2025")],
        reviews=["CHILD,DOB,REVIEW,REVIEW_CODE", "A1,01/01/2015,01/10/2025,PN1"],
    )
    assert ssda903_import(paths=[newer], la=la, collection_year=2026, actor=SYSTEM).ok
    assert CareEpisode.objects.count() == 2
    assert CareReview.objects.count() == 2


def test_a_child_missing_from_the_next_years_return_is_listed(la, tmp_path):
    year1 = write_return(
        tmp_path / "y1",
        ["A1,1,01/01/2015,WBRI,,,", "A2,2,01/01/2014,WBRI,,,"],
        [episode("A1", "01/05/2024"), episode("A2", "01/06/2024")],
    )
    ssda903_import(paths=[year1], la=la, collection_year=2025, actor=SYSTEM)
    year2 = write_return(
        tmp_path / "y2", ["A1,1,01/01/2015,WBRI,,,"], [episode("A1", "01/05/2024")]
    )
    report = ssda903_import(paths=[year2], la=la, collection_year=2026, actor=SYSTEM)
    flag = ReturnFlag.objects.get(kind=ReturnFlag.Kind.MISSING_FROM_RETURN)
    assert flag.child.la_child_id == "A2" and flag.collection_year == 2026
    assert any(n.startswith("CHILD A2: Looked after on 31/03/2025") for n in report.notes)


# --- consistency flags ------------------------------------------------------------------------


def test_overlaps_and_open_episodes_with_a_reason_are_flagged_with_their_rule_numbers(la, tmp_path):
    folder = write_return(
        tmp_path / "r",
        ["A1,1,01/01/2012,WBRI,,,", "A2,2,01/01/2012,WBRI,,,", "A3,1,01/01/2012,WBRI,,,"],
        [
            episode("A1", "01/05/2025", "01/09/2025"),
            episode("A1", "01/08/2025", rne="P", ls="V2"),  # starts before the last ends
            episode("A2", "01/05/2025", rec="E4A"),  # open, yet a reason it ended
            episode("A3", "01/05/2025"),
            episode("A3", "01/07/2025", rne="L", ls="C1"),  # the earlier one never ended
        ],
        reviews=[
            "CHILD,DOB,REVIEW,REVIEW_CODE",
            "A1,01/01/2012,01/10/2025,PN1",
            "A1,01/01/2012,01/10/2025,PN4",
        ],
    )
    report = ssda903_import(paths=[folder], la=la, collection_year=2026, actor=SYSTEM)
    assert report.ok
    flags = {
        (f.child.la_child_id, f.kind, f.rule) for f in ReturnFlag.objects.select_related("child")
    }
    assert flags == {
        ("A1", "overlap", "501"),
        ("A1", "review-codes-differ", ""),
        ("A2", "open-with-reason", "148"),
        ("A3", "overlap", "142"),
    }
    # The roll's rule: of overlapping episodes the later-starting one holds (legal status shown).
    from children.roll.rules import episode_on

    a1 = Child.objects.get(la_child_id="A1")
    assert episode_on(a1.episodes.all(), D(2025, 8, 15)).legal_status == "V2"
    assert Child.objects.looked_after_on(D(2026, 1, 1)).filter(la_child_id="A2").exists()


def test_dob_differing_between_tables_and_episodes_after_18_are_flagged(la, tmp_path):
    folder = write_return(
        tmp_path / "r",
        ["A1,1,01/01/2010,WBRI,,,"],
        [episode("A1", "01/05/2025", "05/06/2025")],
        missing=["CHILD,DOB,MISSING,MIS_START,MIS_END", "A1,02/01/2010,M,01/06/2025,02/06/2025"],
    )
    folder_two = write_return(
        tmp_path / "r2", ["B1,1,01/01/2007,WBRI,,,"], [episode("B1", "02/01/2025")]
    )
    ssda903_import(paths=[folder], la=la, collection_year=2026, actor=SYSTEM)
    assert ReturnFlag.objects.get().kind == ReturnFlag.Kind.DOB_DIFFERS
    ssda903_import(paths=[folder_two], la=la, collection_year=2025, actor=SYSTEM)
    assert ReturnFlag.objects.filter(kind=ReturnFlag.Kind.AFTER_18).count() == 1


def test_flags_are_replaced_by_the_next_import_of_the_same_year(la, tmp_path):
    bad = write_return(
        tmp_path / "bad", ["A1,1,01/01/2012,WBRI,,,"], [episode("A1", "01/05/2025", rec="E4A")]
    )
    ssda903_import(paths=[bad], la=la, collection_year=2026, actor=SYSTEM)
    assert ReturnFlag.objects.count() == 1
    good = write_return(
        tmp_path / "good", ["A1,1,01/01/2012,WBRI,,,"], [episode("A1", "01/05/2025")]
    )
    ssda903_import(paths=[good], la=la, collection_year=2026, actor=SYSTEM)
    assert ReturnFlag.objects.count() == 0


def test_the_data_quality_page_lists_the_flags_with_their_rule(world, client, tmp_path):
    folder = write_return(
        tmp_path / "r", ["F1,1,01/01/2012,WBRI,,,"], [episode("F1", "01/05/2025", rec="E4A")]
    )
    refused = ssda903_import(paths=[folder], la=world.la, collection_year=2026, actor=SYSTEM)
    assert "carries 0 of the 2 children the roll had in care on 31/03/2025" in str(
        refused.problems[0]
    )
    assert not Child.objects.filter(la=world.la, la_child_id="F1").exists()
    loaded = ssda903_import(paths=[folder], la=world.la, collection_year=2026, actor=SYSTEM,
                            confirmed=True)  # fmt: skip
    assert loaded.ok and loaded.notes[0].startswith("Confirmed: This return carries 0 of the 2")
    client.force_login(world.users["data_officer"])
    page = client.get("/children/data-quality/return_flags/").content.decode()
    # The world's two other LA 330 children were in care when the year began: not in the return.
    assert "3 records" in page
    assert page.count("but not in the 2025-26 return") == 2
    assert "has no end date (DEC) but a reason it ended (E4A); it is counted as open" in page
    assert "counted as open (DfE rule 148)" in page


def test_a_5000_level_xml_file_is_a_problem_line_on_the_command_line(la, tmp_path):
    path = tmp_path / "deep.xml"
    path.write_text("<EXPSSDA903><CHILD>" + "<A>" * 5000 + "</A>" * 5000 + "</CHILD></EXPSSDA903>")
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_ssda903", str(path), "--la", "330", "--report",
                     str(tmp_path / "p.csv"), stderr=err)  # fmt: skip
    assert "deep.xml, line 1: Elements are nested deeper than 8 levels" in err.getvalue()
    assert "Traceback" not in err.getvalue()


@pytest.mark.parametrize("raw", ["0001", "0000-01", "9998-99", "next year"])
def test_a_year_no_return_can_have_is_refused_not_a_crash(raw):
    year, error = parse_year(raw)
    assert year is None and error


def test_a_financial_year_no_grant_can_have_is_refused_not_a_crash():
    from funding.eligibility import FinancialYear

    with pytest.raises(ValueError, match="is not a financial year this service can hold"):
        FinancialYear.parse("0000-01")
