"""Unique Pupil Number check letter (data-formats.md, "UPN check letter")."""

from __future__ import annotations

import re

CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_PERMANENT = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")


def upn_check_letter(body: str) -> str:
    """The check letter for characters 2-13 of a UPN (12 characters)."""
    if len(body) != 12:
        raise ValueError("A UPN body is 12 characters")
    total = sum(_value(ch) * weight for weight, ch in enumerate(body, start=2))
    return CHECK_LETTERS[total % 23]


def _value(ch: str) -> int:
    # Temporary UPNs end in a letter, which counts as its position in CHECK_LETTERS.
    return int(ch) if ch.isdigit() else CHECK_LETTERS.index(ch)


def upn_is_valid(upn: str) -> bool:
    upn = (upn or "").strip().upper()
    if not _PERMANENT.match(upn) or upn[-1] in "IOS":
        return False
    return upn[0] == upn_check_letter(upn[1:])
