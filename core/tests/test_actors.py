"""A service is told who acts: a person, or SYSTEM for a command or task. A missing actor is
refused rather than read as "the system", so it cannot switch a permission check off unseen."""

import datetime

import pytest

from core.actors import SYSTEM, as_user, is_system
from peps.services import pep_initiate

pytestmark = pytest.mark.django_db


def test_a_missing_actor_is_refused(world):
    with pytest.raises(ValueError, match="SYSTEM"):
        pep_initiate(child=world.child, actor=None, day=datetime.date(2025, 10, 1))


def test_the_system_acts_without_role_checks_and_is_no_one_in_the_history(world):
    pep = pep_initiate(child=world.child, actor=SYSTEM, day=datetime.date(2025, 10, 1))
    assert pep.created_by is None
    assert pep.history.first().history_user is None


def test_a_person_is_checked(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):  # a board member may not start a PEP
        pep_initiate(
            child=world.child, actor=world.users["board_member"], day=datetime.date(2025, 10, 1)
        )
    assert not is_system(world.users["board_member"]) and is_system(SYSTEM)
    assert as_user(SYSTEM) is None
