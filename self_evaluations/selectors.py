"""Reads for self-evaluations: the LA's criteria and an evaluation's summary."""

from __future__ import annotations

from self_evaluations.models import Answer, Criterion


def criteria_for(la) -> list[Criterion]:
    """The LA's active criteria; the defaults (not yet saved) when it has never set any."""
    from self_evaluations.services import DEFAULT_CRITERIA

    if not la.se_criteria.exists():
        return [Criterion(la=la, position=i, text=t) for i, t in enumerate(DEFAULT_CRITERIA, 1)]
    return list(la.se_criteria.filter(active=True))


def summary(evaluation) -> dict[str, int]:
    """How many criteria in place, partly and not (the school's trend across evaluations)."""
    counts = dict.fromkeys(Answer.Rating.values, 0)
    for rating in evaluation.answers.values_list("rating", flat=True):
        if rating:
            counts[rating] += 1
    return counts
