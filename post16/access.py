"""Reaching Post-16 PP+ records: grant lines of the LAs where the person is Virtual School staff
(VSH, team manager, advisor) or the named post-16 lead; requests for young people they may see
in those LAs. Anything else is a 404."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.selectors import role_assignments
from core.lookups import one_or_404
from post16.models import Post16Grant, Post16Request
from post16.rules import REQUESTERS


def staff_la_ids(user) -> set[int]:
    return {a.la_id for a in role_assignments(user) if a.role in REQUESTERS and a.la_id}


def grants_for(user) -> QuerySet[Post16Grant]:
    if not getattr(user, "is_authenticated", False):
        return Post16Grant.objects.none()
    return Post16Grant.objects.filter(Q(la_id__in=staff_la_ids(user)) | Q(lead=user))


def requests_for(user) -> QuerySet[Post16Request]:
    from children.models import Child

    visible = Child.objects.visible_to(user).values("pk")
    return Post16Request.objects.filter(grant__in=grants_for(user), child__in=visible)


def get_grant_for_user(user, pk) -> Post16Grant:
    return one_or_404(grants_for(user).select_related("la", "lead"), pk)


def get_request_for_user(user, pk) -> Post16Request:
    related = ("grant__la", "grant__lead", "child__la", "term", "requested_by", "decided_by")
    return one_or_404(requests_for(user).select_related(*related), pk)
