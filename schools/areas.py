"""Areas of schools and the designated teacher register: the writes (services) and the rules
that read them (a DT's training status). Officers see their areas' schools (schools.selectors)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.roles import Capability
from accounts.selectors import la_ids_with, school_ids_as_designated_teacher
from core.history import save_validated
from schools.models import Area, AreaSchool, DesignatedTeacher, School


def _require_in(actor, la_id: int, capability: Capability) -> None:
    from core.actors import is_system

    if not is_system(actor) and la_id not in la_ids_with(actor, capability):
        raise PermissionDenied


@transaction.atomic
def area_save(*, area: Area, officers, actor) -> Area:
    """Create or rename an area and set its officers (Area Education Officers of its LA)."""
    from accounts.roles import Role
    from accounts.selectors import roles_in_la

    _require_in(actor, area.la_id, Capability.MANAGE_AREAS)
    for officer in officers:
        if Role.AREA_EDUCATION_OFFICER not in roles_in_la(officer, area.la_id):
            raise ValidationError({"officers": f"{officer} is not an Area Education Officer here."})
    save_validated(area, actor=actor)
    area.officers.set(officers)
    return area


@transaction.atomic
def area_schools_set(*, area: Area, schools, actor) -> int:
    """Put these schools in the area (moving them from another of the LA's areas)."""
    _require_in(actor, area.la_id, Capability.MANAGE_AREAS)
    moved = 0
    for school in schools:
        row, _ = AreaSchool.objects.get_or_create(
            la_id=area.la_id, school=school, defaults={"area": area}
        )
        if row.area_id != area.pk:
            row.area = area
            save_validated(row, actor=actor)
        moved += 1
    return moved


@transaction.atomic
def area_school_remove(*, area: Area, school: School, actor) -> None:
    _require_in(actor, area.la_id, Capability.MANAGE_AREAS)
    AreaSchool.objects.filter(area=area, school=school).delete()


def may_edit_dt(user, school: School) -> bool:
    """Virtual School staff who work with schools, and the school's own designated teacher."""
    return bool(la_ids_with(user, Capability.WORK_WITH_SCHOOLS)) or (
        school.pk in school_ids_as_designated_teacher(user)
    )


@transaction.atomic
def designated_teacher_save(*, school: School, data: dict, actor) -> DesignatedTeacher:
    """Update the school's current entry, or, when someone else has taken the role (a new
    start date with a new name), close it and open theirs: the register keeps its history."""
    from core.actors import is_system

    if not is_system(actor) and not may_edit_dt(actor, school):
        raise PermissionDenied
    current = (
        DesignatedTeacher.objects.select_for_update()
        .filter(school=school, ended_on__isnull=True)
        .first()
    )
    if current and current.name != data["name"] and data["started_on"] > current.started_on:
        current.ended_on = data["started_on"]
        save_validated(current, actor=actor)
        current = None
    entry = current or DesignatedTeacher(school=school)
    for field, value in data.items():
        setattr(entry, field, value)
    save_validated(entry, actor=actor)
    return entry


def training_due_on(entry: DesignatedTeacher | None, years: int) -> datetime.date | None:
    """When the DT's training lapses: `years` after it (an LA setting, default two); None when
    never trained (due now)."""
    if entry is None or entry.trained_on is None:
        return None
    try:
        return entry.trained_on.replace(year=entry.trained_on.year + years)
    except ValueError:  # 29 February
        return entry.trained_on.replace(year=entry.trained_on.year + years, day=28)


def dt_status(entry: DesignatedTeacher | None, years: int, today: datetime.date) -> str:
    """'none' (no DT recorded), 'untrained', 'lapsed' or 'trained'."""
    if entry is None:
        return "none"
    due = training_due_on(entry, years)
    if due is None:
        return "untrained"
    return "lapsed" if due <= today else "trained"


DT_STATUS_WORDS = {
    "none": "No designated teacher recorded",
    "untrained": "Not trained",
    "lapsed": "Training lapsed",
    "trained": "Trained",
}
