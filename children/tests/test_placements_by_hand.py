import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.roles import Role
from children.models import EducationPlacement
from children.services import education_placement_start, placement_end
from notifications.models import SchoolNotification

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_new_school_ends_the_old_placement_and_tells_the_school(world):
    officer = world.users[Role.SCHOOL_PLACEMENT_OFFICER]
    new = education_placement_start(
        child=world.unlinked_child,
        provision_type="school",
        school=world.school,
        started_on=D(2026, 1, 5),
        actor=officer,
    )
    old = world.unlinked_child.education_placements.exclude(pk=new.pk).get()
    assert (old.ended_on, old.end_reason) == (D(2026, 1, 4), "planned")
    assert old.history.first().history_user == officer
    assert SchoolNotification.objects.filter(placement=new, method="letter").exists()


def test_dual_registration_keeps_the_current_placement(world):
    education_placement_start(
        child=world.child,
        provision_type="alternative-provision",
        started_on=D(2026, 1, 5),
        is_dual_registered=True,
        actor=world.users[Role.VIRTUAL_SCHOOL_HEAD],
    )
    assert world.child.education_placements.filter(ended_on=None).count() == 2


def test_part_time_needs_hours_and_nothing_is_half_written(world):
    with pytest.raises(ValidationError):
        education_placement_start(
            child=world.child,
            provision_type="tuition",
            started_on=D(2026, 1, 5),
            attendance_pattern="part-time",
            actor=world.users[Role.VIRTUAL_SCHOOL_HEAD],
        )
    assert world.child.education_placements.get().ended_on is None  # the old one still open


def test_end_cannot_come_before_the_start(world):
    placement = world.child.education_placements.get()
    with pytest.raises(ValidationError):
        placement_end(
            placement=placement,
            ended_on=D(2020, 1, 1),
            end_reason="planned",
            actor=world.users[Role.VIRTUAL_SCHOOL_HEAD],
        )


def test_pages_record_and_end_with_specific_errors(world, signed_in):
    client = signed_in(world.users[Role.EDUCATION_SUPPORT_ADVISOR])
    page = client.post(
        f"/children/{world.child.pk}/placements/new/",
        {"provision_type": "school", "started_on": "2026-01-05", "attendance_pattern": "full-time"},
    ).content.decode()
    assert "govuk-error-summary" in page and "Enter the school&#x27;s URN" in page
    assert "<title>Error: " in page
    response = client.post(
        f"/children/{world.child.pk}/placements/new/",
        {
            "provision_type": "school",
            "school_urn": world.other_school.urn,
            "started_on": "2026-01-05",
            "attendance_pattern": "full-time",
        },
    )
    assert response["Location"] == f"/children/{world.child.pk}/"
    current = world.child.education_placements.get(ended_on=None)
    assert current.school == world.other_school
    client.post(
        f"/children/{world.child.pk}/placements/{current.pk}/end/",
        {"ended_on": "2026-03-31", "end_reason": "exclusion"},
    )
    current.refresh_from_db()
    assert (current.ended_on, current.end_reason) == (D(2026, 3, 31), "exclusion")
    assert EducationPlacement.objects.filter(child=world.child, ended_on=None).count() == 0


def test_designated_teachers_cannot_record_placements(world, signed_in):
    client = signed_in(world.users[Role.DESIGNATED_TEACHER])
    assert client.get(f"/children/{world.child.pk}/placements/new/").status_code == 403
