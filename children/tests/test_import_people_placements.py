import csv
from pathlib import Path

import pytest
from django.core import mail

from accounts.roles import Role
from children.importers.people import people_import
from children.importers.placements import placements_import
from children.models import ChildRelationship, EducationPlacement
from core.actors import SYSTEM
from notifications.models import SchoolNotification

pytestmark = pytest.mark.django_db

PEOPLE = (
    "child_id,forename,surname,preferred_name,social_worker_name,social_worker_email,"
    "iro_name,iro_email,carer_name,carer_email"
)
PLACEMENTS = (
    "child_id,urn,provision_type,start_date,end_date,nc_year,attendance_pattern,"
    "hours_per_week,end_reason"
)


def write(tmp_path: Path, header: str, *rows: str) -> Path:
    path = tmp_path / "in.csv"
    path.write_text("\n".join([header, *rows]) + "\n")
    return path


def test_people_import_names_links_and_is_idempotent(world, tmp_path):
    c = world.unlinked_child.la_child_id
    path = write(tmp_path, PEOPLE, f"{c},Benjamin,Okafor,Ben,Sam Worker,Sam.W@Example.org,,,,")
    report = people_import(path=path, la=world.la, actor=SYSTEM)
    assert report.ok, report.problems
    world.unlinked_child.refresh_from_db()
    assert (world.unlinked_child.forename, world.unlinked_child.preferred_name) == (
        "Benjamin",
        "Ben",
    )
    link = ChildRelationship.objects.get(child=world.unlinked_child, kind="social_worker")
    assert link.user.email == "sam.w@example.org"
    assert link.user.role_assignments.filter(role=Role.SOCIAL_WORKER, la=world.la).exists()
    again = people_import(path=path, la=world.la, actor=SYSTEM)
    assert again.changed == 0


def test_a_new_social_worker_ends_the_old_link(world, tmp_path):
    c = world.child.la_child_id
    old = world.users[Role.SOCIAL_WORKER]
    people_import(
        path=write(tmp_path, PEOPLE, f"{c},Ada,Lovelace,,New,new.sw@example.org,,,,"),
        la=world.la,
        actor=SYSTEM,
    )
    assert world.child.relationships.get(user=old, kind="social_worker").ended_on is not None
    assert (
        world.child.relationships.filter(kind="social_worker", ended_on=None).get().user.email
        == "new.sw@example.org"
    )


def test_people_import_problems(world, tmp_path):
    path = write(
        tmp_path, PEOPLE, "nobody,A,B,,,,,,,", f"{world.child.la_child_id},A,B,,X,not-an-email,,,,"
    )
    report = people_import(path=path, la=world.la, actor=SYSTEM)
    assert [(p.line, p.column) for p in report.problems] == [
        (2, "child_id"),
        (3, "social_worker_email"),
    ]
    world.child.refresh_from_db()
    assert world.child.forename == "Ada"  # nothing written


def test_placements_import_and_school_notifications(
    world, tmp_path, django_capture_on_commit_callbacks
):
    c = world.unlinked_child.la_child_id
    path = write(
        tmp_path,
        PLACEMENTS,
        f"{c},{world.school.urn},school,2026-09-01,,7,part-time,20,",
        f"{c},999998,school,01/09/2020,31/07/2021,,full-time,,planned",
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = placements_import(path=path, la=world.la, actor=SYSTEM)
    assert report.ok, report.problems
    new = EducationPlacement.objects.get(child=world.unlinked_child, urn=world.school.urn)
    assert (new.hours_per_week, new.attendance_pattern, new.school) == (
        20,
        "part-time",
        world.school,
    )
    unknown = EducationPlacement.objects.get(child=world.unlinked_child, urn=999998)
    assert unknown.school is None and any("999998" in n for n in report.notes)
    sent = SchoolNotification.objects.filter(placement=new)
    assert {(n.recipient, n.method) for n in sent} == {
        ("designated_teacher", "email"),
        ("headteacher", "letter"),
    }
    assert len(mail.outbox) == 1 and world.unlinked_child.forename not in mail.outbox[0].body
    again = placements_import(path=path, la=world.la, actor=SYSTEM)
    assert again.changed == 0 and SchoolNotification.objects.count() == 2


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("{c},,school,2025-09-01,,,,,", "urn"),
        ("{c},100001,boarding,2025-09-01,,,,,", "provision_type"),
        ("{c},100001,school,2025-13-01,,,,,", "start_date"),
        ("{c},100001,school,2025-09-01,2025-08-01,,,,", "end_date"),
        ("{c},100001,school,2025-09-01,,,part-time,,", "hours_per_week"),
        ("{c},100001,school,2025-09-01,,,,,planned", "end_reason"),
        ("{c},100001,school,2025-09-01,,15,,,", "nc_year"),
        ("ZZZ,100001,school,2025-09-01,,,,,", "child_id"),
    ],
)
def test_placement_problems_name_the_column(world, tmp_path, row, column):
    path = write(tmp_path, PLACEMENTS, row.format(c=world.child.la_child_id))
    report = placements_import(path=path, la=world.la, actor=SYSTEM)
    assert [(p.line, p.column) for p in report.problems] == [(2, column)]
    assert EducationPlacement.objects.count() == 3  # only the world's own


def test_report_csv_is_readable(world, tmp_path):
    from imports.problems import write_problems_csv

    report = placements_import(
        path=write(tmp_path, PLACEMENTS, "ZZZ,,none,2025-09-01,,,,,"), la=world.la, actor=SYSTEM
    )
    out = tmp_path / "problems.csv"
    write_problems_csv(report.problems, out)
    assert list(csv.reader(out.open()))[1][:3] == ["in.csv", "2", "child_id"]


def test_people_import_rerun_costs_the_same_few_queries_for_any_size(
    world, tmp_path, django_assert_max_num_queries
):
    from children.tests.factories import ChildFactory

    rows = []
    for n in range(25):
        c = ChildFactory(la=world.la).la_child_id
        rows.append(f"{c},F{n},S{n},,Sam,sw{n % 5}@example.org,Ian,iro@example.org,,")
    path = write(tmp_path, PEOPLE, *rows)
    people_import(path=path, la=world.la, actor=SYSTEM)
    with django_assert_max_num_queries(12):
        report = people_import(path=path, la=world.la, actor=SYSTEM)
    assert report.changed == 0
    assert report.counts["people"] == {"created": 0, "updated": 0, "unchanged": 6}
