"""Recording visits to schools and their actions (every write here, atomic and validated)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.roles import Capability
from accounts.selectors import la_ids_with
from core.actors import is_system
from core.history import save_validated
from visits.models import SchoolAction, SchoolVisit


def _require(actor, la_id: int) -> None:
    if not is_system(actor) and la_id not in la_ids_with(actor, Capability.WORK_WITH_SCHOOLS):
        raise PermissionDenied


@transaction.atomic
def school_visit_record(*, visit: SchoolVisit, children, actions: list[dict], actor) -> SchoolVisit:
    """A visit with the children discussed (only children the officer may see) and its actions
    (each: what, owner or owner_name, due_on)."""
    from children.models import Child

    _require(actor, visit.la_id)
    children = list(children)
    if not is_system(actor):
        seen = set(
            Child.objects.visible_to(actor)
            .filter(pk__in=[c.pk for c in children])
            .values_list("pk", flat=True)
        )
        if len(seen) != len({c.pk for c in children}):
            raise ValidationError({"children": "Choose only children you may see."})
    if visit.visited_on and visit.visited_on > timezone.localdate():
        raise ValidationError({"visited_on": "The visit date must be today or in the past."})
    visit.recorded_by = None if is_system(actor) else actor
    save_validated(visit, actor=actor)
    visit.children.set(children)
    for data in actions:
        school_action_add(
            action=SchoolAction(la_id=visit.la_id, school_id=visit.school_id, visit=visit, **data),
            actor=actor,
        )
    return visit


@transaction.atomic
def school_action_add(*, action: SchoolAction, actor) -> SchoolAction:
    _require(actor, action.la_id)
    if not action.owner_id and not action.owner_name.strip():
        raise ValidationError({"owner_name": "Say who will do it."})
    save_validated(action, actor=actor)
    return action


@transaction.atomic
def school_action_done(*, action: SchoolAction, day: datetime.date, actor) -> SchoolAction:
    _require(actor, action.la_id)
    action.done_on = day
    save_validated(action, actor=actor)
    return action
