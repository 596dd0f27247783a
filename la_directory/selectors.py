"""Reads of the directory: the other LAs a school place case needs to talk to."""

from __future__ import annotations

from dataclasses import dataclass

from la_directory.models import Authority


@dataclass
class Contact:
    authority: Authority
    why: str
    team: str  # "admissions", "send" or "virtual_school"

    @property
    def details(self) -> str:
        return getattr(self.authority, self.team) or "Not recorded yet"


def contacts_for_case(case, applications) -> list[Contact]:
    """Admissions for each other LA whose school we applied to; SEND for each LA in the child's
    EHCP transfers; the Virtual School of each. Our own LA is left out."""
    wanted: dict[tuple[str, str], str] = {}
    for application in applications:
        code = application.school.la_code
        wanted.setdefault((code, "admissions"), f"Applied to {application.school.name}")
    for transfer in case.child.ehcp_transfers.all():
        for code in (transfer.from_la_code, transfer.to_la_code, transfer.paying_la_code):
            wanted.setdefault((code, "send"), "EHCP transfer")
    codes = {code for code, _ in wanted} - {case.la.code}
    for code in codes:
        wanted.setdefault((code, "virtual_school"), "Virtual School")
    found = Authority.objects.in_bulk(codes, field_name="code")
    return [
        Contact(found[code], why, team)
        for (code, team), why in sorted(wanted.items())
        if code in found
    ]
