"""Writing to the access log. Entries say who, when, where from, what and which object: never
field values, so the log itself holds nothing about a child but its id."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from audit.models import AccessLog

Action = AccessLog.Action
ObjectType = AccessLog.ObjectType


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address: the socket peer, or the hop our trusted proxies say they saw."""
    if request is None:
        return None
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops and forwarded:
        chain = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(chain) >= hops:
            return chain[-hops] or None
    return request.META.get("REMOTE_ADDR") or None


def access_log_record(
    *,
    action: str,
    actor: Any = None,
    request: HttpRequest | None = None,
    object_type: str = "",
    object_id: object = "",
    via_api: bool = False,
    children: Iterable[int] | None = None,
) -> AccessLog:
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    if action == AccessLog.Action.DENIED and request is not None:
        request._vs_denial_logged = True  # type: ignore[attr-defined]  # no second row at the 404
    return AccessLog.objects.create(
        user=user,
        ip_address=client_ip(request),
        action=action,
        object_type=object_type,
        object_id=str(object_id)[:64],
        # A request under /api/ is an API read whether or not the caller said so.
        via_api=via_api or (request is not None and request.path.startswith("/api/")),
        children=",".join(str(pk) for pk in sorted(set(children)))
        if children is not None
        else None,
    )


def child_list_viewed(request, what: str, children: list[int]) -> None:
    """A page listed these children: one access-log row naming them, as every list does."""
    access_log_record(
        action=Action.VIEW,
        actor=request.user,
        request=request,
        object_type=ObjectType.CHILD_LIST,
        object_id=what,
        children=children,
    )
