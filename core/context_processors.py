from django.conf import settings

from core.navigation import navigation_for, section_for


def shell(request):
    user = getattr(request, "user", None)
    return {
        "service_name": settings.SERVICE_NAME,
        "service_operator": settings.SERVICE_OPERATOR,
        "support_contact": settings.SUPPORT_CONTACT,
        "data_protection_contact": settings.DATA_PROTECTION_CONTACT,
        "csp_nonce": getattr(request, "csp_nonce", ""),
        "navigation": navigation_for(user) if user is not None else [],
        "nav_section": section_for(request),
    }
