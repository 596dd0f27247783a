"""Children with a social worker: the CIN census import on files of our own in the DfE's layout
(Message > Header > Source > LEA; Children > Child > ChildIdentifiers, CINdetails >
ChildProtectionPlans), with the cohorts counted here independently from the DfE's wording ("an
episode is open on day X when it started on or before X and its closure or end date is blank
or after X"); the education extract joined by the hashed UPN; suppression; and no way to a
child."""

import datetime
import random

import pytest

from children.upn import upn_check_letter
from core.actors import SYSTEM
from cwsw.census import cin_census_import
from cwsw.education import education_import
from cwsw.figures import cohort_rows
from cwsw.models import CinChild, CinEpisode, CpPlan

pytestmark = pytest.mark.django_db
D = datetime.date


def _upn(n: int) -> str:
    body = f"330{2025 % 100:02d}{n:07d}"  # LA 330, year 25, serial
    return upn_check_letter(body) + body


def _xml(children, lea="330") -> str:
    out = [
        f"<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2026</Year>"
        f"<ReferenceDate>2026-03-31</ReferenceDate></CollectionDetails><Source>"
        f"<SourceLevel>L</SourceLevel><LEA>{lea}</LEA></Source></Header><Children>"
    ]
    for c in children:
        upn = f"<UPN>{c['upn']}</UPN>" if c["upn"] else "<UPNunknown>UN1</UPNunknown>"
        out.append(
            f"<Child><ChildIdentifiers><LAchildID>{c['id']}</LAchildID>{upn}"
            f"<PersonBirthDate>{c['born']}</PersonBirthDate><Sex>F</Sex>"
            f"</ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI</Ethnicity>"
            f"</ChildCharacteristics>"
        )
        for start, end, need, plans in c["episodes"]:
            closure = f"<CINclosureDate>{end}</CINclosureDate>" if end else ""
            out.append(
                f"<CINdetails><CINreferralDate>{start}</CINreferralDate>"
                f"<ReferralSource>1A</ReferralSource><PrimaryNeedCode>{need}</PrimaryNeedCode>"
                f"{closure}<ReferralNFA>0</ReferralNFA>"
            )
            for p_start, p_end in plans:
                ended = f"<CPPendDate>{p_end}</CPPendDate>" if p_end else ""
                out.append(
                    f"<ChildProtectionPlans><CPPstartDate>{p_start}</CPPstartDate>{ended}"
                    "<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>"
                    "</ChildProtectionPlans>"
                )
            out.append("</CINdetails>")
        out.append("</Child>")
    out.append("</Children></Message>")
    return "\n".join(out)


def _generated(seed=5, n=80):
    rng = random.Random(seed)
    children = []
    for i in range(n):
        episodes, day = [], D(2018, 1, 1) + datetime.timedelta(days=rng.randint(0, 2900))
        for _ in range(rng.randint(1, 3)):
            end = day + datetime.timedelta(days=rng.randint(0, 500)) if rng.random() < 0.7 else None
            plans = []
            if rng.random() < 0.4:
                p_start = day + datetime.timedelta(days=rng.randint(0, 60))
                p_end = (
                    p_start + datetime.timedelta(days=rng.randint(0, 400))
                    if rng.random() < 0.6
                    else None
                )
                plans.append((p_start, p_end))
            episodes.append((day, end, f"N{rng.randint(0, 9)}", plans))
            if end is None:
                break
            day = end + datetime.timedelta(days=rng.randint(1, 300))
        born = D(2008, 1, 1) + datetime.timedelta(days=rng.randint(0, 6000))
        children.append(
            {"id": f"C{i:04d}", "upn": _upn(i) if i % 9 else "", "born": born, "episodes": episodes}
        )
    return children


# The DfE's wording, written here without our code.
def _open(start, end, day):
    return start <= day and (end is None or end > day)


def _expected(children, day):
    first = D(day.year - 6, day.month, day.day) + datetime.timedelta(days=1)
    window = [first + datetime.timedelta(days=k) for k in range((day - first).days + 1)]
    cin = {c["id"] for c in children if any(_open(s, e, day) for s, e, _, _ in c["episodes"])}
    cpp = {
        c["id"]
        for c in children
        if any(_open(ps, pe, day) for _, _, _, plans in c["episodes"] for ps, pe in plans)
    }
    ever6 = {
        c["id"]
        for c in children
        if any(_open(s, e, x) for s, e, _, _ in c["episodes"] for x in window if s <= x)
    }
    return {"children_in_need": len(cin), "child_protection_plan": len(cpp), "ever_6": len(ever6)}


@pytest.mark.parametrize("day", [D(2024, 3, 31), D(2025, 3, 31), D(2026, 3, 31)])
def test_the_cohorts_agree_with_an_independent_count(world, tmp_path, day):
    children = _generated()
    path = tmp_path / "cin.xml"
    path.write_text(_xml(children))
    report = cin_census_import(path=path, la=world.la, actor=SYSTEM)
    assert report.ok, report.problems
    got = {
        r.cohort: r.count
        for r in cohort_rows(world.la, day, None)
        if r.measure == "children" and r.group == "all"
    }
    assert got == _expected(children, day)
    again = cin_census_import(path=path, la=world.la, actor=SYSTEM)
    assert all(c.get("created", 0) == c.get("updated", 0) == 0 for c in again.counts.values())


def test_the_edges_of_the_definitions(world, tmp_path):
    day = D(2026, 3, 31)
    edge = [  # id, episodes: closure on the day is not open; a start on the day is
        {
            "id": "A",
            "upn": _upn(1),
            "born": D(2015, 6, 9),
            "episodes": [(D(2024, 1, 5), D(2026, 3, 31), "N1", [(D(2024, 2, 1), D(2026, 3, 31))])],
        },
        {
            "id": "B",
            "upn": _upn(2),
            "born": D(2015, 6, 9),
            "episodes": [(D(2026, 3, 31), None, "N2", [])],
        },
        {
            "id": "C",
            "upn": _upn(3),
            "born": D(2015, 6, 9),
            "episodes": [(D(2019, 5, 1), D(2020, 4, 1), "N3", [])],
        },  # ends on the first day: out
        {
            "id": "E",
            "upn": _upn(4),
            "born": D(2015, 6, 9),
            "episodes": [(D(2019, 5, 1), D(2020, 4, 2), "N3", [])],
        },  # open on 1 April 2020: in
    ]
    path = tmp_path / "edge.xml"
    path.write_text(_xml(edge))
    assert cin_census_import(path=path, la=world.la, actor=SYSTEM).ok
    counts = {
        r.cohort: r.count
        for r in cohort_rows(world.la, day, None)
        if r.measure == "children" and r.group == "all"
    }
    assert counts == {"children_in_need": 1, "child_protection_plan": 0, "ever_6": 3}


def test_only_what_the_figures_need_is_kept(world, tmp_path):
    path = tmp_path / "cin.xml"
    path.write_text(_xml(_generated(n=5)))
    cin_census_import(path=path, la=world.la, actor=SYSTEM)
    child = CinChild.objects.first()
    assert child.birth_month.day == 1 and len(child.key) == 64
    stored = " ".join(str(v) for v in CinChild.objects.values_list("key", "birth_month"))
    assert _upn(1) not in stored and "C0001" not in stored


def test_a_file_for_another_la_or_with_bad_dates_is_refused_whole(world, tmp_path):
    path = tmp_path / "other.xml"
    path.write_text(_xml(_generated(n=3), lea="331"))
    refused = cin_census_import(path=path, la=world.la, actor=SYSTEM)
    assert not refused.ok and refused.problems[0].column == "LEA"
    children = _generated(n=3)
    text = _xml(children).replace(
        f"<CINreferralDate>{children[1]['episodes'][0][0]}", "<CINreferralDate>31/03/2025", 1
    )
    path.write_text(text)
    bad = cin_census_import(path=path, la=world.la, actor=SYSTEM)
    assert [(p.column, "not a date" in p.message) for p in bad.problems] == [
        ("CINreferralDate", True)
    ]
    assert bad.problems[0].line and not CinEpisode.objects.exists() and not CpPlan.objects.exists()
    path.write_text("<Message><Header>")
    assert (
        "Not well-formed"
        in cin_census_import(path=path, la=world.la, actor=SYSTEM).problems[0].message
    )


def test_the_education_extract_joins_by_the_hashed_upn(world, tmp_path):
    children = [
        {
            "id": f"K{i}",
            "upn": _upn(100 + i),
            "born": D(2014, 2, 1),
            "episodes": [(D(2025, 9, 1), None, "N1", [])],
        }
        for i in range(6)
    ]
    xml = tmp_path / "cin.xml"
    xml.write_text(_xml(children))
    cin_census_import(path=xml, la=world.la, actor=SYSTEM)
    csv = tmp_path / "education.csv"
    lines = [
        "upn,year,sessions_possible,sessions_authorised,sessions_unauthorised,suspensions,"
        "permanent_exclusion,ks2_rwm_expected,ks4_attainment8"
    ]
    missed = [0, 10, 20, 30, 100, 200]  # of 200 sessions: 0, 5, 10, 15, 50 and 100 per cent
    for i, m in enumerate(missed):
        lines.append(f"{_upn(100 + i)},2025,200,{m},0,{i % 2},N,{'Y' if i < 4 else 'N'},")
    lines.append(f"{_upn(999)},2025,200,0,0,0,N,,")  # a pupil not in the census: never joined
    csv.write_text("\n".join(lines) + "\n")
    report = education_import(path=csv, la=world.la, actor=SYSTEM)
    assert report.ok, report.problems
    rows = {
        r.measure: r
        for r in cohort_rows(world.la, D(2026, 3, 31), None)
        if r.cohort == "children_in_need" and r.group == "all"
    }
    assert rows["children"].count == 6
    assert (rows["overall_absence"].count, rows["overall_absence"].denominator) == (360, 1200)
    assert rows["overall_absence"].rate == 30
    assert rows["persistent_absence"].count == 4  # 10, 15, 50 and 100 per cent
    assert rows["severe_absence"].count == 2
    assert rows["suspension_rate"].rate == 50 and rows["ks2_rwm_expected"].count == 4
    bad = tmp_path / "bad.csv"
    bad.write_text(lines[0] + "\nNOTAUPN,2025,10,20,0,0,N,,\n")
    problems = education_import(path=bad, la=world.la, actor=SYSTEM).problems
    assert {p.column for p in problems} == {"upn", "sessions_possible"}


def test_small_numbers_are_hidden_and_cannot_be_worked_out(world, tmp_path):
    path = tmp_path / "cin.xml"
    path.write_text(_xml(_generated(n=120)))
    cin_census_import(path=path, la=world.la, actor=SYSTEM)
    rows = cohort_rows(world.la, D(2026, 3, 31), 5)
    for row in rows:
        if row.measure == "children" and not row.suppressed:
            assert row.count == 0 or row.count >= 5
    for cohort in ("children_in_need", "ever_6"):
        for family in ("need:", "phase:"):
            cells = [
                r
                for r in rows
                if r.cohort == cohort
                and r.measure == "children"
                and r.group.startswith(family)
                and r.count
            ]
            hidden = [r for r in cells if r.suppressed]
            assert len(hidden) != 1 or len(cells) == 1  # never one alone, to subtract
    hidden = [r for r in rows if r.suppressed]
    assert hidden and all(r.as_csv()[2:5] == ("", "", "") for r in hidden)


def test_no_page_or_export_names_a_child(world, tmp_path, signed_in):
    import io

    from django.core.management import call_command
    from django.urls import get_resolver

    children = _generated(n=40)
    path = tmp_path / "cin.xml"
    path.write_text(_xml(children))
    cin_census_import(path=path, la=world.la, actor=SYSTEM)
    page = signed_in(world.users["board_member"]).get("/children-with-a-social-worker/")
    out = io.StringIO()
    call_command("cwsw_figures", "--la", "330", "--on", "2026-03-31", stdout=out)
    keys = list(CinChild.objects.values_list("key", flat=True))
    for text in (page.content.decode(), out.getvalue()):
        assert not any(c["id"] in text or (c["upn"] and c["upn"] in text) for c in children)
        assert not any(k[:12] in text for k in keys)
    assert out.getvalue().splitlines()[0] == "measure,group,count,denominator,rate,suppressed"
    patterns = [p for p in get_resolver().url_patterns if "social-worker" in str(p.pattern)]
    assert len(patterns) == 1 and len(patterns[0].url_patterns) == 1  # one page, no parameters
    for role in ("social_worker", "school_placement_officer", "designated_teacher"):
        assert (
            signed_in(world.users[role]).get("/children-with-a-social-worker/").status_code == 403
        )
    vsh = signed_in(world.users["virtual_school_head"])
    assert vsh.get("/children-with-a-social-worker/?on=2026-03-31").status_code == 200
    # Only census days: a day beside one (to subtract and find who joined) is not offered.
    near = vsh.get("/children-with-a-social-worker/?on=2026-03-30").context
    assert near["day"] != D(2026, 3, 30) and all((d.month, d.day) == (3, 31) for d in near["days"])


def test_the_census_from_the_imports_page_is_not_kept(
    world, signed_in, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from imports.models import ImportFile, ImportRun

    client = signed_in(world.users["data_officer"])
    upload = SimpleUploadedFile("cin.xml", _xml(_generated(n=10)).encode())
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/imports/", {"kind": "cin_census", "la": str(world.la.pk), "files": [upload]})
    run = ImportRun.objects.get(kind="cin_census")
    assert run.status == ImportRun.Status.SUCCEEDED, run.result
    assert CinChild.objects.count() == 10 and not ImportFile.objects.filter(run=run).exists()


def test_the_import_commands(world, tmp_path):
    import io

    from django.core.management import CommandError, call_command

    path = tmp_path / "cin.xml"
    path.write_text(_xml(_generated(n=4)))
    out = io.StringIO()
    call_command("import_cin_census", str(path), "--la", "330", stdout=out)
    assert CinChild.objects.count() == 4
    path.write_text(_xml(_generated(n=4), lea="331"))
    with pytest.raises(CommandError):
        call_command(
            "import_cin_census",
            str(path),
            "--la",
            "330",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    bad = tmp_path / "education.csv"
    bad.write_text("upn,year\n")
    with pytest.raises(CommandError):
        call_command(
            "import_cwsw_education",
            str(bad),
            "--la",
            "330",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
