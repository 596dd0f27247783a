from django.conf import settings

from core.navigation import navigation_for, section_for


def shell(request):
    user = getattr(request, "user", None)
    return {
        "service_name": settings.SERVICE_NAME,
        "csp_nonce": getattr(request, "csp_nonce", ""),
        "navigation": navigation_for(user) if user is not None else [],
        "nav_section": section_for(request),
    }
