import datetime

import pytest
from django.urls import reverse

from attendance.alerts import Kind
from attendance.importers.marks import attendance_import
from attendance.models import AlertAction, Exclusion
from attendance.tests.helpers import marks_csv
from audit.models import AccessLog
from authorities.terms import calendar_set_typical
from core.actors import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.fixture
def marked(world, tmp_path):
    calendar_set_typical(la=world.la, years=[2025, 2026])
    today = datetime.date.today()
    days = [today - datetime.timedelta(days=i) for i in range(1, 15)]
    rows = [
        (c.la_child_id, d.isoformat(), s, "N" if c == world.child and s == "PM" else "/")
        for c in (world.child, world.unlinked_child)
        for d in days
        if d.weekday() < 5
        for s in ("AM", "PM")
    ]
    assert attendance_import(path=marks_csv(tmp_path, rows), la=world.la, actor=SYSTEM).ok
    return world


def test_child_attendance_page_shows_codes_as_text_and_the_chart_table(marked, signed_in):
    client = signed_in(marked.users["designated_teacher"])
    page = client.get(reverse("attendance:child", args=[marked.child.pk])).content.decode()
    assert '<span class="govuk-visually-hidden">PM </span>N</span>' in page
    assert "<svg" in page and "Attendance by month (the chart's figures)" in page
    assert "Record an exclusion or suspension" in page  # schools report their own
    assert AccessLog.objects.filter(
        object_type="attendance", object_id=str(marked.child.pk)
    ).exists()


def test_child_record_has_the_attendance_summary(marked, signed_in):
    client = signed_in(marked.users["social_worker"])
    page = client.get(reverse("children:detail", args=[marked.child.pk])).content.decode()
    assert "School year to date" in page and "50.0%" in page and "Severe absence" in page


def test_recording_an_exclusion_alerts_the_vsh_and_social_worker(marked, signed_in):
    client = signed_in(marked.users["designated_teacher"])
    url = reverse("attendance:exclusion_new", args=[marked.child.pk])
    bad = client.post(url, {"kind": "suspension", "starts_on": "2025-11-03", "reasons": ["PA"]})
    assert "Enter the length of the suspension" in bad.content.decode()
    assert not Exclusion.objects.exists()
    today = datetime.date.today().isoformat()
    ok = client.post(
        url, {"kind": "suspension", "starts_on": today, "sessions": "4", "reasons": ["PA", "VA"]}
    )
    assert ok.status_code == 302
    for role in ("virtual_school_head", "social_worker"):
        home = signed_in(marked.users[role]).get(reverse("home")).content.decode()
        assert "Excluded or suspended" in home, role


def test_recording_an_action_closes_the_alert(marked, signed_in):
    client = signed_in(marked.users["virtual_school_head"])
    since = datetime.date.today().isoformat()
    Exclusion.objects.create(child=marked.child, kind="permanent", starts_on=since, reasons=["PA"])
    url = reverse("attendance:alert_action", args=[marked.child.pk, Kind.EXCLUSION, since])
    assert "Enter what was done" in client.post(url, {"action": ""}).content.decode()
    assert client.post(url, {"action": "Called the head"}).status_code == 302
    assert AlertAction.objects.get().actor == marked.users["virtual_school_head"]
    assert "Excluded or suspended" not in client.get(reverse("home")).content.decode()


def test_cohort_page_lists_absence_and_exports_are_logged(marked, signed_in):
    client = signed_in(marked.users["virtual_school_head"])
    start = (datetime.date.today() - datetime.timedelta(days=20)).isoformat()
    page = client.get(reverse("attendance:cohort"), {"start": start}).content.decode()
    assert "Severe absence: 1 children" in page and marked.child.surname in page
    export = client.get(reverse("attendance:cohort"), {"start": start, "format": "csv"})
    lines = export.content.decode().splitlines()
    assert lines[0].startswith("child_id,forename,surname,nc_year")
    assert len(lines) == 3
    assert AccessLog.objects.filter(action="export", object_type="attendance").exists()
    bad = client.get(reverse("attendance:cohort"), {"start": "2025-10-10", "end": "2025-10-01"})
    assert "govuk-error-summary" in bad.content.decode()
    assert "<title>Error: " in bad.content.decode()  # the GOV.UK title on a page with errors


def test_api_child_attendance_and_summary(marked, client):
    from accounts.services import api_token_create

    token = api_token_create(
        user=marked.users["virtual_school_head"], name="t", lifetime=datetime.timedelta(days=1)
    )
    headers = {"Authorization": f"Bearer {token}"}
    start = (datetime.date.today() - datetime.timedelta(days=20)).isoformat()
    url = f"/api/v1/children/{marked.child.pk}/attendance?from={start}"
    body = client.get(url, headers=headers).json()
    assert body["attendance_rate"] == 0.5 and body["severe_absence"] is True  # a number
    later = datetime.date.today() + datetime.timedelta(days=30)
    none = client.get(
        f"/api/v1/children/{marked.child.pk}/attendance?from={later}&to={later}", headers=headers
    ).json()
    assert none["possible_sessions"] == 0 and none["attendance_rate"] is None
    assert body["codes"]["N"] == body["unauthorised_absence"]
    summary = client.get(
        f"/api/v1/attendance/summary?from={start}&group_by=school", headers=headers
    ).json()
    assert summary["total"]["children"] == 2
    assert {g["group"] for g in summary["groups"]} == {
        str(marked.school.urn),
        str(marked.other_school.urn),
    }
    bad = client.get("/api/v1/attendance/summary?group_by=colour", headers=headers)
    assert bad.status_code == 422 and bad["Content-Type"] == "application/problem+json"
    hidden = client.get(f"/api/v1/children/{marked.other_la_child.pk}/attendance", headers=headers)
    assert hidden.status_code == 404


def test_data_quality_lists_unmarked_sessions(world, signed_in, tmp_path):
    day = (datetime.date.today() - datetime.timedelta(days=2)).isoformat()
    rows = [(world.child.la_child_id, day, "AM", "-"), (world.child.la_child_id, day, "PM", "/")]
    assert attendance_import(path=marks_csv(tmp_path, rows), la=world.la, actor=SYSTEM).ok
    client = signed_in(world.users["data_officer"])
    summary = client.get(reverse("children:data_quality"))
    assert ("no_mark", 1) in [(key, count) for key, _, count in summary.context["checks"]]
    page = client.get(reverse("children:data_quality_check", args=["no_mark"]))
    (row,) = page.context["rows"]
    assert (row.name, row.detail) == (world.child.display_name, "1 session")
    assert reverse("attendance:child", args=[world.child.pk]) in page.content.decode()


def test_cohort_groups_by_sen_status_only_for_those_who_may_see_it(marked, signed_in):
    from sen.services import sen_status_update

    sen_status_update(child=marked.child, data={"level": "K", "primary_need": "SpLD"}, actor=SYSTEM)
    start = (datetime.date.today() - datetime.timedelta(days=20)).isoformat()
    vsh = signed_in(marked.users["virtual_school_head"])
    page = vsh.get(reverse("attendance:cohort"), {"start": start}).content.decode()
    assert "By SEN status" in page
    assert "SEN support" in page and "Not recorded" in page
    aeo = signed_in(marked.users["area_education_officer"])
    assert (
        "SEN support"
        not in aeo.get(reverse("attendance:cohort"), {"start": start}).content.decode()
    )
