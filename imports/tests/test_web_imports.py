"""Imports from the web: upload, background task, progress and result pages."""

from dataclasses import replace
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import Role
from children.models import Child
from imports.models import ImportRun
from imports.services import import_run_execute

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[2] / "samples"


def upload(folder: Path, *names: str):
    return [
        SimpleUploadedFile(n, (folder / n).read_bytes(), content_type="text/csv") for n in names
    ]


def test_data_officer_imports_a_return_from_the_web(
    world, signed_in, django_capture_on_commit_callbacks
):
    client = signed_in(world.users[Role.DATA_OFFICER])
    names = ("header.csv", "episodes.csv", "oc2.csv")
    form = {"kind": "ssda903", "la": str(world.la.pk)}
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/imports/", form | {"files": upload(DATA / "ssda903" / "2025-26", *names)})
    # The sample's children are none of the world's two in care: refused until confirmed.
    refused = ImportRun.objects.get()
    assert refused.status == "failed" and Child.objects.filter(la=world.la).count() == 2
    page = client.get(f"/imports/{refused.pk}/").content.decode()
    assert "carries 0 of the 2 children the roll had in care" in page
    files = upload(DATA / "ssda903" / "2025-26", *names)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/imports/", form | {"files": files, "confirmed": "on"})
    run = ImportRun.objects.exclude(pk=refused.pk).get()
    assert response["Location"] == f"/imports/{run.pk}/"
    run.refresh_from_db()
    assert run.status == "succeeded" and run.created_by == world.users[Role.DATA_OFFICER]
    assert Child.objects.filter(la=world.la).count() == 2 + 1866
    page = client.get(f"/imports/{run.pk}/").content.decode()
    assert "What changed" in page and "1866" in page and "Loaded as confirmed" in page
    assert client.get(f"/imports/{run.pk}/status/").json()["finished"] is True


def test_broken_return_shows_the_problems_in_an_error_summary(
    world, signed_in, django_capture_on_commit_callbacks
):
    client = signed_in(world.users[Role.DATA_OFFICER])
    files = upload(DATA / "ssda903" / "2025-26-with-errors", "header.csv", "episodes.csv")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/imports/", {"kind": "ssda903", "la": str(world.la.pk), "files": files})
    run = ImportRun.objects.get()
    page = client.get(f"/imports/{run.pk}/").content.decode()
    assert "govuk-error-summary" in page and "7 problems found: nothing was saved" in page
    assert "episodes.csv, line 18, column LS" in page
    csv_text = client.get(f"/imports/{run.pk}/problems.csv").content.decode()
    assert csv_text.count("\n") == 8
    assert Child.objects.count() == 3


def test_running_a_task_twice_is_safe(world):
    run = ImportRun.objects.create(kind="gias", created_by=world.users[Role.DATA_OFFICER])
    run.files.create(
        name="g.csv", content=(DATA / "gias" / "example_schools_data.csv").read_bytes()
    )
    import_run_execute(run_id=run.pk)
    first = ImportRun.objects.get(pk=run.pk)
    import_run_execute(run_id=run.pk)
    assert ImportRun.objects.get(pk=run.pk).finished_at == first.finished_at
    assert first.result["counts"]["schools"]["created"] == 4


def test_form_errors(world, signed_in):
    client = signed_in(world.users[Role.DATA_OFFICER])
    page = client.post("/imports/", {"kind": "people"}).content.decode()
    assert "Choose the files to import" in page
    assert "Choose the local authority the data belongs to" in page
    bad = SimpleUploadedFile("x.exe", b"MZ")
    page = client.post("/imports/", {"kind": "gias", "files": [bad]}).content.decode()
    assert "x.exe is not a CSV or XML file" in page
    assert not ImportRun.objects.exists()


def test_runs_of_another_la_are_not_found(world, signed_in):
    run = ImportRun.objects.create(
        kind="people", la=world.other_la, created_by=world.users[Role.DATA_OFFICER]
    )
    assert signed_in(world.users[Role.DATA_OFFICER]).get(f"/imports/{run.pk}/").status_code == 404


def test_the_framework_names_no_app_and_every_app_registers_its_importers():
    """imports/ sits below the apps that use it: they register their importers with it."""
    from imports.registry import importers

    here = Path(__file__).resolve().parents[1]
    sources = list(here.glob("*.py"))
    # (authorities, the LA every import belongs to, sits below the framework)
    for app in ("children", "schools", "attendance", "attainment"):
        assert not any(f"from {app}" in p.read_text() for p in sources), app
    kinds = {i.kind for i in importers()}
    assert {"ssda903", "gias", "gias_links", "inspections", "people", "placements"} <= kinds
    assert {"attendance", "attendance_summary", "exclusions", "calendar", "attainment"} <= kinds


def test_the_gias_links_file_imports_from_the_web(
    world, signed_in, django_capture_on_commit_callbacks
):
    client = signed_in(world.users[Role.DATA_OFFICER])
    links = SimpleUploadedFile(
        "links.csv",
        b"URN,LinkURN,LinkName,LinkType,LinkEstablishedDate\n140001,150001,X,Successor,\n",
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/imports/", {"kind": "gias_links", "files": [links]})
    run = ImportRun.objects.get(kind="gias_links")
    assert run.status == ImportRun.Status.SUCCEEDED, run.result
    assert run.kind_label.startswith("GIAS links")


def _run_with(world, kind, name, content):
    run = ImportRun.objects.create(
        kind=kind, la=world.la, created_by=world.users[Role.DATA_OFFICER]
    )
    run.files.create(name=name, content=content)
    import_run_execute(run_id=run.pk)
    run.refresh_from_db()
    return run


def test_an_unexpected_error_ends_the_run_failed_with_a_plain_message(world, monkeypatch):
    from imports import registry

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    people = registry.importer_for("people")
    monkeypatch.setitem(registry._REGISTRY, "people", replace(people, run=broken))
    run = _run_with(world, "people", "people.csv", b"child_id\n")
    assert run.status == ImportRun.Status.FAILED
    [problem] = run.result["problems"]
    assert "unexpected error (RuntimeError); nothing was saved" in problem["message"]


def test_a_5000_level_xml_file_ends_the_run_failed_with_the_depth_problem(world):
    deep = b"<EXPSSDA903><CHILD>" + b"<A>" * 5000 + b"</A>" * 5000 + b"</CHILD></EXPSSDA903>"
    run = _run_with(world, "ssda903", "deep.xml", deep)
    assert run.status == ImportRun.Status.FAILED
    assert [p["message"] for p in run.result["problems"]] == [
        "Elements are nested deeper than 8 levels"
    ]


def test_a_finished_import_leaves_the_las_kept_state_worked_out(world):
    """The task worker, not the pages' next reader, rebuilds what the import made stale."""
    from django.utils import timezone

    from core.kept import _KEEPERS
    from core.models import KeptDay

    run = ImportRun.objects.create(kind="exclusions", la=world.la,
                                   created_by=world.users[Role.DATA_OFFICER])  # fmt: skip
    today = timezone.localdate()
    run.files.create(name="ex.csv", content=(
        "child_id,type,start_date,sessions,reasons\n"
        f"{world.child.la_child_id},suspension,{today},2,PA\n").encode())  # fmt: skip
    import_run_execute(run_id=run.pk)
    assert ImportRun.objects.get(pk=run.pk).status == "succeeded"
    kept = KeptDay.objects.filter(la=world.la, computed_for=today)
    assert set(kept.values_list("what", flat=True)) == set(_KEEPERS)
