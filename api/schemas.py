from __future__ import annotations

from datetime import date

from ninja import Schema


class RoleOut(Schema):
    role: str
    la_code: str | None
    school_urn: int | None


class MeOut(Schema):
    email: str
    full_name: str
    roles: list[RoleOut]


class ChildSummaryOut(Schema):
    id: int
    la_code: str

    @staticmethod
    def resolve_la_code(obj) -> str:
        return obj["la_code"] if isinstance(obj, dict) else obj.la.code

    la_child_id: str
    forename: str
    surname: str
    preferred_name: str
    date_of_birth: date


class ChildOut(ChildSummaryOut):
    upn: str
    upn_valid: bool
    sex: str
    ethnicity: str
    is_uasc: bool
    # Field-level rules: null unless the caller's role needs them (docs/security.md).
    home_postcode: str | None = None
    placement_postcode: str | None = None
    latest_sdq_score: int | None = None
    health_notes: str | None = None


class Problem(Schema):
    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""


class SchoolOut(Schema):
    urn: int
    laestab: str
    name: str
    la_code: str
    type: str
    phase: str
    status: str
    postcode: str
    head: str
    ofsted_rating: str
    children: list[ChildSummaryOut]
