"""KS4 placement moves (statutory-rules.md, reg 10): a care placement change for a child in
Year 10 or 11 after which the child's school changed. Each needs the VSH's recorded approval
(with the DT and IRO consulted) or an emergency flag; those without are alerts."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from children.models import CareEpisode, Child, Ks4MoveApproval
from children.roll.loader import placement_rows, rows_by_child
from children.roll.rules import nc_year, nc_year_q, placement_open
from core.history import save_validated

PLACEMENT_CHANGES = ("P", "T", "B")  # SSDA903 RNE: a new episode because the placement changed
SCHOOL_CHANGE_WINDOW = datetime.timedelta(days=60)
LOOKBACK = datetime.timedelta(days=365)


@dataclass
class Ks4Move:
    child: Child
    episode: CareEpisode
    new_school_on: datetime.date
    approval: Ks4MoveApproval | None

    @property
    def approved(self) -> bool:
        return self.approval is not None


def ks4_moves(children, today: datetime.date) -> list[Ks4Move]:
    """Moves in the last year, newest first, approved or not."""
    # In Year 10 or 11 on a day of the last year: in those years at its start or today (the
    # database narrows to them; nc_year on the move's day decides).
    ks4 = nc_year_q((10, 11), today - LOOKBACK, "child__") | nc_year_q((10, 11), today, "child__")
    found = CareEpisode.objects.filter(
        ks4,
        child__in=children.values("pk"),
        reason_new_episode__in=PLACEMENT_CHANGES,
        started_on__gte=today - LOOKBACK,
        started_on__lte=today,
    ).values_list("pk", "child_id", "started_on", "child__date_of_birth")
    # As rows: a model per episode (and its child's) was half the time at 25,000 children, and
    # one in ten is a move. The moves' episodes are loaded after, with their child and approval.
    in_ks4 = [(pk, c, day) for pk, c, day, born in found if nc_year(born, day) in (10, 11)]
    placed = rows_by_child(placement_rows([child_id for _, child_id, _ in in_ks4]))
    changed = {pk: _school_changed(placed.get(child_id, []), day) for pk, child_id, day in in_ks4}
    changed = {pk: on for pk, on in changed.items() if on is not None}
    episodes = CareEpisode.objects.filter(pk__in=changed).select_related("child", "ks4_approval")
    moves = [Ks4Move(e.child, e, changed[e.pk], getattr(e, "ks4_approval", None)) for e in episodes]
    return sorted(moves, key=lambda m: m.episode.started_on, reverse=True)


def _school_changed(placements, day: datetime.date) -> datetime.date | None:
    """The start of a new school placement within 60 days of the care move, at a school
    other than the one the child attended on the day of the move."""
    placements = sorted(placements, key=lambda p: p.started_on)
    before = [p for p in placements if placement_open(p, day)]
    schools_before = {p.school_id or p.urn for p in before}
    for p in placements:
        if (
            day < p.started_on <= day + SCHOOL_CHANGE_WINDOW
            and (p.school_id or p.urn) not in schools_before
        ):
            return p.started_on
    return None


@transaction.atomic
def ks4_move_record(*, episode: CareEpisode, data: dict, actor) -> Ks4MoveApproval:
    """The VSH's approval (or an emergency flag) for one move; history keeps every change."""
    approval = Ks4MoveApproval.objects.filter(episode=episode).first() or Ks4MoveApproval(
        episode=episode
    )
    for name in ("emergency", "dt_consulted_on", "iro_consulted_on", "notes"):
        setattr(approval, name, data.get(name, getattr(approval, name)))
    approval.approved_by, approval.approved_on = actor, timezone.localdate()
    save_validated(approval, actor=actor)
    return approval
