"""core.kept_marks: one KeptChange row per LA per transaction between reads, never fewer than
the figures need (a change after a read, or after a rolled-back savepoint, counts again)."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from authorities.tests.factories import LocalAuthorityFactory
from children.tests.factories import CareEpisodeFactory, ChildFactory
from core.kept import kept_figures
from core.models import KeptChange

pytestmark = pytest.mark.django_db
_days = iter(range(1, 10_000))


def _episode(child, **kwargs):
    """A care episode of the child's on a day of its own (one episode starts on a day)."""
    day = datetime.date(2020, 1, 1) + datetime.timedelta(days=next(_days))
    return CareEpisodeFactory(child=child, started_on=day, **kwargs)


def _rows(la) -> int:
    """The LA's rows after a read of its version: the test's own transaction (pytest-django's)
    has counted its setup, and a read is what makes the next change count again."""
    kept_figures(la.pk, "marks:read", lambda: None)
    return KeptChange.objects.filter(la=la).count()


def test_many_saves_in_one_transaction_add_one_row_and_one_lookup():
    la = LocalAuthorityFactory()
    child = ChildFactory(la=la)
    days = [datetime.date(2010, 1, d) for d in range(1, 6)]
    episodes = [CareEpisodeFactory.build(child=child, started_on=day) for day in days]
    before = _rows(la)
    with transaction.atomic():
        episodes[0].save()
        with CaptureQueriesContext(connection) as later:
            for episode in episodes[1:]:
                episode.save()
    assert _rows(la) == before + 1
    told = [q["sql"] for q in later if "core_keptchange" in q["sql"]
            or "authorities_localauthority" in q["sql"]]  # fmt: skip
    assert told == []


def test_a_change_after_a_read_counts_again():
    la = LocalAuthorityFactory()
    child = ChildFactory(la=la)
    with transaction.atomic():
        _episode(child)
        assert kept_figures(la.pk, "marks", lambda: "first") == "first"
        _episode(child)
        assert kept_figures(la.pk, "marks", lambda: "second") == "second"


def test_a_rolled_back_savepoint_takes_its_mark_with_it():
    la = LocalAuthorityFactory()
    child = ChildFactory(la=la)
    before = _rows(la)
    with transaction.atomic():
        try:
            with transaction.atomic():
                _episode(child)
                raise RuntimeError
        except RuntimeError:
            pass
        assert _rows(la) == before
        _episode(child)
    assert _rows(la) == before + 1


def test_other_las_are_counted_apart():
    la, other = LocalAuthorityFactory(), LocalAuthorityFactory()
    before = _rows(la), _rows(other)
    with transaction.atomic():
        _episode(ChildFactory(la=la))
        _episode(ChildFactory(la=other))
    assert (_rows(la), _rows(other)) == (before[0] + 1, before[1] + 1)
