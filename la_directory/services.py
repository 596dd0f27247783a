"""Editing another LA's contacts: any school placement officer or manager of an LA here, the
directory being shared by every LA on the service. History keeps each change and its author."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from core.history import save_validated
from la_directory.access import may_use_directory
from la_directory.models import Authority

FIELDS = ("virtual_school", "admissions", "send", "notes")


@transaction.atomic
def authority_update(*, authority: Authority, data: dict, actor) -> Authority:
    if not may_use_directory(actor):
        raise PermissionDenied
    for field in FIELDS:
        setattr(authority, field, data.get(field, "").strip())
    save_validated(authority, actor=actor)
    return authority
