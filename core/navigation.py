"""The service navigation, built from what the signed-in user may do."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from accounts.roles import Capability, Role
from accounts.selectors import user_capabilities, user_roles


@dataclass(frozen=True)
class NavItem:
    text: str
    url_name: str
    section: str

    @property
    def href(self) -> str:
        return reverse(self.url_name)


def navigation_for(user) -> list[NavItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    caps = user_capabilities(user)
    items = [NavItem("Home", "home", "home")]
    if Capability.VIEW_CHILD in caps:
        label = "The roll" if user_roles(user) - {Role.CARER} else "Your child"
        items.append(NavItem(label, "children:list", "children"))
    if {Capability.VIEW_CHILD, Capability.VIEW_AGGREGATE} <= caps:
        items.append(NavItem("Attendance", "attendance:cohort", "attendance"))
        items.append(NavItem("PEPs", "peps:compliance", "peps"))
    if {Capability.VIEW_CHILD, Capability.VIEW_AGGREGATE} <= caps:
        items.append(NavItem("Dashboard", "reports:dashboard", "dashboard"))
    if Capability.VIEW_AGGREGATE in caps:
        items.append(NavItem("Reports", "reports:list", "reports"))
    if Capability.WORK_WITH_SCHOOLS in caps:
        items.append(NavItem("Schools", "schools:mine", "schools"))
    if Capability.WORK_WITH_SCHOOLS in caps or Role.DESIGNATED_TEACHER in user_roles(user):
        items.append(NavItem("Events", "events:list", "events"))
    if Capability.MANAGE_SCHOOL_PLACES in caps:
        items.append(NavItem("School places", "school_places:list", "school_places"))
    if Capability.MANAGE_ADVICE in caps:
        items.append(NavItem("Advice", "advice:list", "advice"))
    if Capability.MANAGE_ENRICHMENT in caps or Role.PARTNER_STAFF in user_roles(user):
        items.append(NavItem("Enrichment", "enrichment:list", "enrichment"))
    if Capability.MANAGE_FUNDING in caps:
        items.append(NavItem("PP+", "funding:list", "funding"))
    if Capability.IMPORT_DATA in caps:
        items.append(NavItem("Imports", "imports:list", "imports"))
    if Capability.MANAGE_USERS in caps:
        items.append(NavItem("Users", "accounts:user_list", "users"))
    return items  # the account links sit in the header (base.html), not among the sections


def section_for(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    if match.namespace == "reports":
        return "dashboard" if match.url_name in ("dashboard", "children") else "reports"
    if match.namespace in {"children", "imports", "funding"}:
        return match.namespace
    if match.namespace in {"schools", "events", "school_places", "advice", "enrichment"}:
        return match.namespace
    if match.namespace == "peps":
        return "peps"  # a child's PEP pages are PEP work, whoever reached them from the roll
    if match.namespace == "attendance":
        return "attendance" if match.url_name == "cohort" else "children"
    if match.url_name and match.url_name.startswith("user_"):
        return "users"
    if match.url_name == "home":
        return "home"
    if match.url_name == "account" or (match.url_name or "").startswith(("mfa_", "account_")):
        return "account"
    return ""
