"""Who may complete a school's self-evaluation: its designated teacher, or the LA's staff who
work with schools (the pages and the services ask the same question here)."""

from __future__ import annotations

from accounts.roles import Capability
from accounts.selectors import la_ids_with, school_ids_as_designated_teacher
from core.actors import is_system


def may_complete(user, evaluation) -> bool:
    return (
        is_system(user)
        or evaluation.la_id in la_ids_with(user, Capability.WORK_WITH_SCHOOLS)
        or evaluation.school_id in school_ids_as_designated_teacher(user)
    )
