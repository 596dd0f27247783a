"""Writes to local authorities. Every function is keyword-only, atomic and validates fully."""

from __future__ import annotations

from django.db import transaction

from authorities.models import LocalAuthority


@transaction.atomic
def local_authority_setup(*, code: str, name: str) -> tuple[LocalAuthority, bool]:
    """Create the LA with this code, or rename it. Returns (la, changed)."""
    la = LocalAuthority.objects.filter(code=code).first()
    if la is None:
        la = LocalAuthority(code=code, name=name)
        la.full_clean()
        la.save()
        return la, True
    if la.name == name:
        return la, False
    la.name = name
    la.full_clean()
    la.save()
    return la, True
