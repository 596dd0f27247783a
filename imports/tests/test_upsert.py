"""New rows written in bulk (imports.upsert.insert_rows: COPY on PostgreSQL) are stored as a
model instance saved one at a time would store them: defaults filled, JSON prepared, keys in
the order given."""

import datetime

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone

from attendance.models import Exclusion
from children.models import Child
from children.tests.factories import ChildFactory
from imports.upsert import insert_rows

pytestmark = pytest.mark.django_db


def _stored(pk: int) -> dict:
    found = model_to_dict(Exclusion.objects.get(pk=pk))
    return {k: v for k, v in found.items() if k not in {"id", "recorded_at"}}


def test_bulk_rows_equal_rows_saved_one_at_a_time():
    child = ChildFactory()
    rows = [
        {"child_id": child.pk, "kind": "suspension", "starts_on": datetime.date(2026, 3, 2),
         "sessions": 2, "reasons": ["PA", "VP"]},
        {"child_id": child.pk, "kind": "permanent", "starts_on": datetime.date(2026, 5, 4),
         "reasons": [], "notes": "Back\\slash, tab\there and a 'quote'"},
    ]  # fmt: skip
    before = timezone.now()
    pks = insert_rows(Exclusion, [dict(r) for r in rows])
    assert len(pks) == 2 and pks == sorted(pks)
    one_by_one = []
    for row in rows:
        obj = Exclusion(**row)
        obj.starts_on += datetime.timedelta(days=1)  # the natural key must differ
        obj.save()
        one_by_one.append(obj.pk)
    for bulk, single in zip(pks, one_by_one, strict=True):
        made, saved = _stored(bulk), _stored(single)
        saved["starts_on"] -= datetime.timedelta(days=1)
        assert made == saved
    stamped = Exclusion.objects.get(pk=pks[0]).recorded_at
    assert before <= stamped <= timezone.now()  # the callable default, taken per row
    assert _stored(pks[1])["notes"] == rows[1]["notes"] and _stored(pks[1])["sessions"] is None


def test_a_name_that_is_not_a_column_is_refused_as_a_model_would():
    with pytest.raises(TypeError):
        insert_rows(Child, [{"la_child_id": "X1", "no_such_field": 1}])
