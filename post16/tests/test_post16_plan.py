"""The PEP's post-16 plan (course and qualification aim, attendance, the 16-19 Bursary, careers
guidance, next steps): written by those who write the post-16 section, part of a Year 12 or 13
PEP before it is submitted, shown on the PEP and its printed copy."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import _child
from core.actors import SYSTEM
from peps.models import Pep, PepSection, Section
from peps.services import missing_for_submit
from post16 import services

pytestmark = pytest.mark.django_db
D = datetime.date
PLAN_MISSING = "Complete the post-16 plan: the course or qualification aim, and next steps"


def _pep(child, due):
    pep = Pep.objects.create(child=child, pep_type="termly", due_on=due)
    PepSection.objects.bulk_create(PepSection(pep=pep, key=k) for k in Section.values)
    return pep


def test_a_year_12_pep_needs_its_plan_a_year_10_pep_does_not(world):
    young = _child(world.la, world.school, date_of_birth=D(2010, 1, 15))
    pep = _pep(young, D(2026, 11, 20))  # Year 12
    assert PLAN_MISSING in missing_for_submit(pep)
    services.post16_plan_save(pep=pep, data={"course": "A levels"}, actor=SYSTEM)
    assert PLAN_MISSING in missing_for_submit(pep)  # next steps still to write
    services.post16_plan_save(pep=pep, data={"next_steps": "University: open days"}, actor=SYSTEM)
    assert PLAN_MISSING not in missing_for_submit(pep)
    year10 = _pep(_child(world.la, world.school, date_of_birth=D(2012, 1, 15)), D(2026, 11, 20))
    assert PLAN_MISSING not in missing_for_submit(year10)


def test_the_plan_checks_what_it_is_given(world):
    pep = _pep(_child(world.la, world.school, date_of_birth=D(2010, 1, 15)), D(2026, 11, 20))
    with pytest.raises(ValidationError, match="awarded"):
        services.post16_plan_save(
            pep=pep, data={"bursary": "applied", "bursary_amount": Decimal("1200")}, actor=SYSTEM
        )
    with pytest.raises(ValidationError, match="reported"):
        services.post16_plan_save(
            pep=pep, data={"attendance_percent": Decimal("91.5")}, actor=SYSTEM
        )
    with pytest.raises(ValidationError):
        services.post16_plan_save(
            pep=pep,
            data={"attendance_percent": Decimal("101"), "attendance_as_of": D(2026, 11, 1)},
            actor=SYSTEM,
        )


def test_who_writes_the_plan_and_where_it_shows(world, signed_in):
    young = _child(world.la, world.school, forename="Dee", date_of_birth=D(2010, 1, 15))
    pep = _pep(young, D(2026, 11, 20))
    with pytest.raises(PermissionDenied):
        services.post16_plan_save(pep=pep, data={"course": "X"}, actor=world.users["carer"])
    client = signed_in(world.users["designated_teacher"])  # Dee is at the DT's school
    form = client.get(f"/post-16/peps/{pep.pk}/plan/")
    assert form.status_code == 200 and "16 to 19 Bursary Fund" in form.content.decode()
    posted = client.post(
        f"/post-16/peps/{pep.pk}/plan/",
        {
            "provider": "City College",
            "course": "T level in Digital Production",
            "level": "3",
            "attendance_percent": "88.5",
            "attendance_as_of-day": "13",
            "attendance_as_of-month": "11",
            "attendance_as_of-year": "2026",
            "bursary": "awarded",
            "bursary_amount": "1200",
            "next_steps": "Apprenticeship applications in the spring",
        },
    )
    assert posted.status_code == 302
    shown = client.get(f"/peps/{pep.pk}/").content.decode()
    assert "T level in Digital Production" in shown and "88.5%" in shown and "£1,200.00" in shown
    printed = client.get(f"/peps/{pep.pk}/print/").content.decode()
    assert "Apprenticeship applications in the spring" in printed
    assert signed_in(world.users["carer"]).get(f"/post-16/peps/{pep.pk}/plan/").status_code == 404
