"""Unique Pupil Number check letter (data-formats.md, "UPN check letter")."""

from __future__ import annotations

import re

CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
# Permanent UPNs only; temporary ones (final letter) are flagged for a person to check.
_PERMANENT = re.compile(r"^[A-Z]\d{12}$")


def upn_check_letter(body: str) -> str:
    """The check letter for characters 2-13 of a UPN (12 digits)."""
    if len(body) != 12 or not body.isdigit():
        raise ValueError("A UPN body is 12 digits")
    total = sum(int(ch) * weight for weight, ch in enumerate(body, start=2))
    return CHECK_LETTERS[total % 23]


def upn_is_valid(upn: str) -> bool:
    upn = (upn or "").strip().upper()
    if not _PERMANENT.match(upn):
        return False
    return upn[0] == upn_check_letter(upn[1:])
