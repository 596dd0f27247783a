"""Who takes an action. Every service names its actor: the person, or SYSTEM for a command, a
task or the demo builder. `None` is refused, so a missing actor can never switch a permission
check off without a word (it used to mean "the system")."""

from __future__ import annotations


class _System:
    """The service itself acting: no person, so no role checks, and no author in the history."""

    is_authenticated = False
    pk = None

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = _System()


def is_system(actor) -> bool:
    """True for SYSTEM, False for a person; refuses a missing actor."""
    if actor is None:
        raise ValueError("Name who takes this action: a person, or SYSTEM for a command or task.")
    return actor is SYSTEM


def as_user(actor):
    """The person to record as author (created_by, history): None for SYSTEM."""
    return None if is_system(actor) else actor
