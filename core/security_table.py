"""The role x capability table in docs/security.md, rendered from accounts.roles so a test can
check the document says what the code does."""

from __future__ import annotations

from accounts.roles import ROLE_CAPABILITIES, ROLE_SCOPE, Capability, Role

SCOPE_WORDS = {
    "la": "all children of the LA",
    "linked": "children linked to them",
    "school": "children at their school(s), any LA",
    "none": "no named child",
}


def capability_table() -> str:
    caps = list(Capability)
    header = "| role | children reached | " + " | ".join(c.value for c in caps) + " |"
    rule = "|---|---|" + "---|" * len(caps)
    rows = [header, rule]
    for role in Role:
        marks = " | ".join("yes" if c in ROLE_CAPABILITIES[role] else "" for c in caps)
        rows.append(f"| {role.label} | {SCOPE_WORDS[ROLE_SCOPE[role]]} | {marks} |")
    return "\n".join(rows)
