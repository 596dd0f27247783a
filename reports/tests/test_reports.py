"""A generated report: it opens, its figures are the dashboard's for the same term, and the
board's version holds no count below the threshold."""

from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from accounts.roles import Role
from conftest import DEMO_AS_OF as AS_OF
from reports.content import report_content
from reports.dashboard import build_dashboard
from reports.models import Benchmark, ReportRun
from reports.periods import period_from_key
from reports.render import report_html
from reports.services import benchmark_save, report_run_create, report_run_execute
from reports.tests.test_dashboard import BACKEND, _user

pytestmark = pytest.mark.django_db


def _sheets(data: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(BytesIO(data))
    return {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}


def _figure_rows(sheets) -> dict[str, tuple]:
    rows = {}
    for name, lines in sheets.items():
        if name in ("About", "Benchmarks"):
            continue
        for line in lines[2:]:
            rows[line[0]] = line
    return rows


@pytest.fixture
def run(demo_la, django_capture_on_commit_callbacks):
    vsh = _user(demo_la, Role.VIRTUAL_SCHOOL_HEAD)
    with django_capture_on_commit_callbacks(execute=True):
        made = report_run_create(
            la=demo_la, kind="termly", period="2025-spring", threshold=5, actor=vsh
        )
    made.refresh_from_db()
    return made


def test_the_report_opens_and_every_figure_is_the_dashboards(run, demo_la):
    assert run.status == "succeeded" and run.done == run.total
    assert bytes(run.board_pdf).startswith(b"%PDF") and bytes(run.internal_pdf).startswith(b"%PDF")
    dashboard = build_dashboard(demo_la, period_from_key(demo_la, "2025-spring", AS_OF))
    rows = _figure_rows(_sheets(bytes(run.internal_xlsx)))
    checked = 0
    for key, figure in dashboard.figures().items():
        _, label, number, of, _percent = rows[key]
        want = figure.value if figure.value is not None else figure.count
        assert (label, number, of) == (
            figure.label,
            "No data" if want is None else type(number)(want),
            figure.of,
        ), key
        assert run.figures[key]["count"] == figure.count
        checked += 1
    assert checked > 40


def test_no_count_below_the_threshold_reaches_the_board(run, demo_la):
    dashboard = build_dashboard(demo_la, period_from_key(demo_la, "2025-spring", AS_OF))
    figures = dashboard.figures()
    rows = _figure_rows(_sheets(bytes(run.board_xlsx)))
    suppressed = 0
    for key, (_, _, number, of, percent) in rows.items():
        figure = figures.get(key)
        if figure is None or figure.unit in ("pounds", "schools"):
            continue
        if figure.unit == "children":
            assert number == "c" or not 0 < number < 5, key
            assert of in (None, "c") or not 0 < of < 5, key
        if figure.is_small(5) or figure.percent_is_small(5):
            assert percent in ("c", "", None) and (number == "c" or figure.unit == "children"), key
            suppressed += 1
    assert suppressed > 0  # the generated LA has small groups: the test would see a leak


def test_the_board_html_names_no_child(run, demo_la):
    content = report_content(
        demo_la, "termly", period_from_key(demo_la, "2025-spring", AS_OF), AS_OF
    )
    html = report_html(content, 5)
    for child in demo_la.children.all():
        assert child.la_child_id not in html and f"{child.forename} {child.surname}" not in html


def test_board_members_get_the_board_version_only(run, demo_la, client):
    client.force_login(_user(demo_la, Role.BOARD_MEMBER), backend=BACKEND)
    assert client.get("/reports/").status_code == 200
    assert client.get(f"/reports/{run.pk}/board_pdf/").status_code == 200
    assert client.get(f"/reports/{run.pk}/internal_xlsx/").status_code == 403
    assert client.post("/reports/", {"kind": "annual", "period": "2025"}).status_code == 403
    with pytest.raises(PermissionDenied):
        report_run_create(
            la=demo_la,
            kind="annual",
            period="2025",
            threshold=5,
            actor=_user(demo_la, Role.SOCIAL_WORKER),
        )


def test_running_the_task_again_changes_nothing(run):
    before = bytes(run.board_pdf)
    report_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert bytes(run.board_pdf) == before and run.status == "succeeded"


def test_an_annual_report_has_the_12_month_cohort_and_benchmarks_with_their_year(
    demo_la, django_capture_on_commit_callbacks
):
    vsh = _user(demo_la, Role.VIRTUAL_SCHOOL_HEAD)
    benchmark_save(la=demo_la, measure="pa_cla", value=12, source_year=2024, actor=vsh)
    assert Benchmark.objects.get(la=demo_la, measure="pa_cla").history.first().history_user == vsh
    with django_capture_on_commit_callbacks(execute=True):
        made = report_run_create(
            la=demo_la,
            kind="annual",
            period="2025",
            threshold=5,
            actor=vsh,
            commentary="=Priorities: attendance at KS4",
        )
    made.refresh_from_db()
    sheets = _sheets(bytes(made.internal_xlsx))
    assert "attainment_12m" in sheets
    assert ("'=Priorities: attendance at KS4",) in sheets["About"]  # not run as a formula
    marks = {row[0]: row for row in sheets["Benchmarks"][1:]}
    assert marks["Persistent absence"][2:] == ("12.00%", None, 2024)
    assert ReportRun.objects.get(pk=made.pk).status == "succeeded"


def test_the_command_writes_both_versions_and_refuses_a_wrong_period(demo_la, tmp_path):
    from django.core.management import CommandError, call_command

    call_command(
        "generate_report",
        "--la",
        "330",
        "--kind",
        "termly",
        "--period",
        "2025-spring",
        "--output-dir",
        str(tmp_path),
    )
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "termly-report-330-2025-spring-board.pdf",
        "termly-report-330-2025-spring-board.xlsx",
        "termly-report-330-2025-spring-internal.pdf",
        "termly-report-330-2025-spring-internal.xlsx",
    ]
    with pytest.raises(CommandError, match="needs a term"):
        call_command(
            "generate_report",
            "--la",
            "330",
            "--kind",
            "termly",
            "--period",
            "2025",
            "--output-dir",
            str(tmp_path),
        )
