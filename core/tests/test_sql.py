"""core.sql: the rows read without Django's converters are the ORM's rows."""

import datetime

import pytest
from django.db.models import F, Q

from children.tests.factories import ChildFactory
from core.sql import one_of, plain_rows

pytestmark = pytest.mark.django_db


def test_plain_rows_are_the_orms_rows():
    born = datetime.date(2012, 3, 4)
    children = [ChildFactory(date_of_birth=born, is_uasc=n == 1) for n in range(3)]
    rows = ChildFactory._meta.model.objects.filter(pk__in=one_of([c.pk for c in children]))
    shaped = rows.order_by("pk").values_list(
        "pk", F("pk") + 1, "date_of_birth", "is_uasc", "la_child_id", "la_id"
    )
    assert plain_rows(shaped) == [tuple(r) for r in shaped]
    assert plain_rows(shaped)[1][1:4] == (children[1].pk + 1, born, True)
    assert plain_rows(shaped.filter(Q(pk__in=[]))) == []
    # An annotation named before a field: the columns still come in the order asked for.
    named = rows.order_by("pk").annotate(next_pk=F("pk") + 1).values_list("next_pk", "pk")
    assert plain_rows(named) == [(c.pk + 1, c.pk) for c in children]


def test_plain_rows_reads_only_rows_of_values():
    rows = ChildFactory._meta.model.objects.values_list("pk", flat=True)
    with pytest.raises(TypeError):
        plain_rows(rows)
