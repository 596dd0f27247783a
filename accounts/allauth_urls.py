"""allauth's pages, less the ones that do not fit accounts made by administrators.

Left out: self-service email changes (an administrator owns the address an account signs in
with), email confirmation (no self-signup, so nothing to confirm) and sign-in by emailed code
(every sign-in is password plus authenticator app)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path, re_path
from django.urls.resolvers import RoutePattern

EXCLUDED = frozenset(
    {
        "account_email",
        "account_email_verification_sent",
        "account_confirm_email",
        "account_confirm_login_code",
        "account_set_password",
    }
)


def _filtered(patterns):
    out = []
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = _filtered(p.url_patterns)
            make = path if isinstance(p.pattern, RoutePattern) else re_path
            out.append(make(str(p.pattern), include(inner)))
        elif isinstance(p, URLPattern) and p.name not in EXCLUDED:
            out.append(p)
    return out


def urlpatterns_for_service():
    from allauth.urls import urlpatterns as allauth_urlpatterns

    return _filtered(allauth_urlpatterns)
