"""Writes to the school register beyond GIAS: inspection outcomes, which GIAS stopped carrying in
April 2025, entered by hand or imported with their date and source."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.roles import Capability
from accounts.selectors import require_capability_anywhere
from core.history import save_validated
from schools.models import School


@transaction.atomic
def school_inspection_record(
    *, school: School, outcome: str, inspected_on: datetime.date, source: str, actor
) -> School:
    """Record the latest inspection outcome; an older one than the stored date is refused."""
    require_capability_anywhere(actor, Capability.IMPORT_DATA)
    outcome = outcome.strip()
    if not outcome:
        raise ValidationError({"outcome": "Enter the inspection outcome."})
    if school.ofsted_last_inspection and inspected_on < school.ofsted_last_inspection:
        raise ValidationError(
            {"inspected_on": "A later inspection is already recorded for this school."}
        )
    school.ofsted_rating = outcome[:50]
    school.ofsted_last_inspection = inspected_on
    school.ofsted_source = source
    save_validated(school, actor=actor)
    return school
