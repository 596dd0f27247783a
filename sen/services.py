"""Writes about SEN and wellbeing. Each records who changed what (history)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.roles import Capability
from children.access import require_child_capability
from children.models import Child, SdqScore
from core.actors import as_user
from core.history import save_validated
from sen.models import EhcpAssessment, SenStatus

STATUS_FIELDS = (
    "level",
    "primary_need",
    "secondary_need",
    "disability_notes",
    "share_with_school",
    "share_reason",
)
EHCP_FIELDS = (
    "requested_on",
    "decision_on",
    "decision",
    "draft_on",
    "not_issued_on",
    "final_on",
    "last_review_on",
    "notes",
)


@transaction.atomic
def sen_status_update(*, child: Child, data: dict, actor) -> SenStatus:
    """Set the child's SEN status. A change to what the school may see records who decided
    and when: the need-to-know decision UK GDPR asks for."""
    require_child_capability(actor, child, Capability.MANAGE_SEN)
    status = SenStatus.objects.filter(child=child).first() or SenStatus(child=child)
    before = (status.share_with_school, status.share_reason)
    for name in STATUS_FIELDS:
        if name in data:
            setattr(status, name, data[name])
    if (status.share_with_school, status.share_reason) != before:
        status.decided_by, status.decided_on = as_user(actor), timezone.localdate()
    status.updated_at = timezone.now()
    save_validated(status, actor=actor)
    return status


@transaction.atomic
def ehcp_assessment_save(
    *, child: Child, data: dict, actor, assessment: EhcpAssessment | None = None
) -> EhcpAssessment:
    """Record a request for an EHC needs assessment, or the milestones that followed."""
    require_child_capability(actor, child, Capability.MANAGE_SEN)
    assessment = assessment or EhcpAssessment(child=child)
    for name in EHCP_FIELDS:
        if name in data:
            setattr(assessment, name, data[name])
    save_validated(assessment, actor=actor)
    return assessment


@transaction.atomic
def sdq_record(
    *, child: Child, collection_year: int, score: int, recorded_on: datetime.date, actor
) -> SdqScore:
    """An SDQ total entered by hand; one per child and year (a second entry corrects it)."""
    require_child_capability(actor, child, Capability.MANAGE_SEN)
    sdq = SdqScore.objects.filter(
        child=child, collection_year=collection_year, source=SdqScore.Source.MANUAL
    ).first() or SdqScore(child=child, collection_year=collection_year, source="manual")
    sdq.score, sdq.recorded_on = score, recorded_on
    save_validated(sdq, actor=actor)
    return sdq
