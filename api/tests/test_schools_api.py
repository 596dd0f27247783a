"""The schools endpoints answer what the pages show, to the same people."""

import datetime

import pytest

from api.tests.test_api import api as get
from api.tests.test_api import token_for
from core.actors import SYSTEM
from schools.areas import area_save, area_schools_set
from schools.models import Area, DesignatedTeacher

pytestmark = pytest.mark.django_db


def test_an_officer_reads_their_schools_and_one_schools_work(world, client):
    area = area_save(
        area=Area(la=world.la, name="North"),
        officers=[world.users["area_education_officer"]],
        actor=SYSTEM,
    )
    area_schools_set(area=area, schools=[world.school], actor=SYSTEM)
    DesignatedTeacher.objects.create(
        school=world.school, name="Dana Teach", started_on=datetime.date(2020, 9, 1)
    )
    aeo = token_for(world, "area_education_officer")
    mine = get(client, aeo, "/my-schools")
    assert mine.status_code == 200
    (row,) = mine.json()
    assert (row["urn"], row["area"], row["children_on_roll"]) == (world.school.urn, "North", 1)
    assert row["designated_teacher"]["status"] == "untrained"
    work = get(client, aeo, f"/schools/{world.school.urn}/work").json()
    assert work["visits"] == [] and work["designated_teacher"]["name"] == "Dana Teach"
    # Not for a social worker; the school's register details still are.
    sw = token_for(world, "social_worker")
    assert get(client, sw, "/my-schools").status_code == 403
    assert get(client, sw, f"/schools/{world.school.urn}").status_code == 200
    assert get(client, aeo, "/events").json() == []
