from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied

from accounts.roles import Capability
from accounts.selectors import user_capabilities


def require_capability(capability: Capability):
    """Refuse (403, logged by the 403 handler) unless some role of the user grants this.
    Objects inside the view are still reached through the access helpers."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if capability not in user_capabilities(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
