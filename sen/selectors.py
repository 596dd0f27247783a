"""Reads for the SEN and wellbeing page. Callers have already reached the child through
get_child_for_user and checked view_health."""

from __future__ import annotations

import datetime

from sen.clock import milestones
from sen.models import SenStatus


def sen_summary(*, child, today: datetime.date) -> dict:
    final_weeks = child.la.ehcp_final_weeks
    return {
        "status": SenStatus.objects.filter(child=child).select_related("decided_by").first(),
        "assessments": [
            (a, milestones(a, final_weeks, today)) for a in child.ehcp_assessments.all()
        ],
        "sdq": list(child.sdq_scores.all()),
    }
