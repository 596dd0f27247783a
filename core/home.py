"""The per-role home page: 'your work', one section per role the user holds."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from accounts.roles import LA_SCOPED_ROLES, Capability, Role
from accounts.selectors import role_assignments, user_capabilities
from authorities.selectors import las_for_user
from children.selectors import children_for_home


@dataclass
class Section:
    title: str
    empty_text: str
    children: list = field(default_factory=list)
    count: int | None = None
    link_href: str = ""
    link_text: str = ""


def home_sections(user) -> list[Section]:
    roles = {a.role for a in role_assignments(user)}
    caps = user_capabilities(user)
    sections: list[Section] = []
    if roles & LA_SCOPED_ROLES:
        sections.append(_roll_section(user))
    if roles & {Role.SOCIAL_WORKER, Role.IRO, Role.CARER, Role.DESIGNATED_TEACHER}:
        sections.append(_my_children_section(user, roles))
    if Capability.VIEW_CHILD in caps:
        sections.append(Section("Alerts", "No alerts need your attention."))
        sections.append(Section("Personal Education Plans due", "No PEPs are due."))
    if Role.PLAC_ADVISOR in roles:
        sections.append(Section("Advice requests", "No advice requests are open."))
    if roles & {Role.BOARD_MEMBER, Role.VIRTUAL_SCHOOL_HEAD}:
        sections.append(Section("Reports", "No reports have been published to the board yet."))
    if Capability.MANAGE_USERS in caps:
        sections.append(
            Section("Users", "", link_href=reverse("accounts:user_list"), link_text="Manage users")
        )
    for la in las_for_user(user, Capability.MANAGE_LA_SETTINGS):
        sections.append(
            Section(
                f"{la.name} settings",
                "",
                link_href=reverse("authorities:settings", args=[la.code]),
                link_text="Deadlines and thresholds",
            )
        )
    return sections


def _roll_section(user) -> Section:
    today = timezone.localdate()
    count = children_for_home(user).looked_after_on(today).count()
    return Section(
        "Your Virtual School",
        "No children are on the roll yet.",
        count=count,
        link_href=reverse("children:list"),
        link_text="View all children",
    )


def _my_children_section(user, roles) -> Section:
    title = (
        "Children in care at your school" if Role.DESIGNATED_TEACHER in roles else "Your children"
    )
    linked = children_for_home(user).exclude(la_id__in=_whole_roll_la_ids(user))
    return Section(title, "No children are linked to you yet.", children=list(linked[:20]))


def _whole_roll_la_ids(user) -> set[int]:
    return {a.la_id for a in role_assignments(user) if a.role in LA_SCOPED_ROLES}
