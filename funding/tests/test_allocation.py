"""The eligible count behind the allocation is kept on the grant year: it equals a count from
the care episodes after every kind of change, and a money decision reads it without walking
the LA's episodes."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from children.models import CareEpisode
from children.tests.factories import CareEpisodeFactory
from funding.allocation import eligible_counts_rebuild
from funding.eligibility import FinancialYear, eligible_children
from funding.ledger import ledger
from funding.models import GrantYear

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def grant(world):
    return GrantYear.objects.create(la=world.la, year="2025-26", rate_per_child=Decimal("2630"))


def _counted(grant) -> int:
    return len(eligible_children(grant.la, FinancialYear.parse(grant.year)))


def _kept(grant) -> int:
    grant = GrantYear.objects.get(pk=grant.pk)
    return ledger(grant).eligible


def test_the_kept_count_follows_episodes_added_changed_and_removed(world, grant):
    assert _kept(grant) == _counted(grant) == 2  # world's two children in LA 330
    newcomer = CareEpisodeFactory(child__la=world.la, child__date_of_birth=D(2015, 5, 1),
                                  started_on=D(2024, 6, 1))  # fmt: skip
    assert _kept(grant) == _counted(grant) == 3
    newcomer.started_on = D(2025, 6, 1)  # after the return's year (to 31 March 2025)
    newcomer.save()
    assert _kept(grant) == _counted(grant) == 2
    CareEpisode.objects.filter(child=world.child).delete()
    assert _kept(grant) == _counted(grant) == 1


def test_a_return_imported_recounts_and_a_rebuild_agrees(world):
    from children.importers.ssda903 import ssda903_import
    from core.actors import SYSTEM

    # The 2026-27 grant is counted from the 2025-26 return: the sample in the repository.
    grant = GrantYear.objects.create(la=world.la, year="2026-27", rate_per_child=Decimal("2630"))
    before = _kept(grant)
    sample = Path(__file__).resolve().parents[2] / "samples" / "ssda903" / "2025-26"
    # Confirmed: the sample's children are none of the world's (ssda903.unmatched_problem).
    assert ssda903_import(paths=[sample], la=world.la, actor=SYSTEM, confirmed=True).ok
    assert GrantYear.objects.get(pk=grant.pk).eligible_count is None  # forgotten, then
    assert _kept(grant) == _counted(grant) != before  # counted again on the next read
    assert eligible_counts_rebuild() == _counted(grant)


def test_a_money_decision_reads_the_kept_count_without_the_episodes(world, grant):
    _kept(grant)
    with CaptureQueriesContext(connection) as queries:
        ledger(GrantYear.objects.get(pk=grant.pk))
    assert not [q for q in queries if "careepisode" in q["sql"].lower()]
