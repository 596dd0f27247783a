"""Who sees the figures for children with a social worker: the VSH, team managers, data
officers and board members of the LA. No one sees a child: there are no child pages here."""

from __future__ import annotations

from accounts.roles import Role
from accounts.selectors import role_assignments

CWSW_ROLES = {Role.VIRTUAL_SCHOOL_HEAD, Role.TEAM_MANAGER, Role.DATA_OFFICER, Role.BOARD_MEMBER}


def cwsw_la_ids(user) -> set[int]:
    return {a.la_id for a in role_assignments(user) if a.role in CWSW_ROLES and a.la_id}
