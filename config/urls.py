from django.urls import include, path

from accounts.allauth_urls import urlpatterns_for_service
from api.views import api
from core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("accessibility/", core_views.accessibility, name="accessibility"),
    path("privacy/", core_views.privacy, name="privacy"),
    path("cookies/", core_views.cookies, name="cookies"),
    path("help/", core_views.help_page, name="help"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include(urlpatterns_for_service())),
    path("", include("accounts.urls")),
    path("children/", include("children.urls")),
    path("attendance/", include("attendance.urls")),
    path("sen/", include("sen.urls")),
    path("attainment/", include("attainment.urls")),
    path("peps/", include("peps.urls")),
    path("funding/", include("funding.urls")),
    path("reports/", include("reports.urls")),
    path("la/", include("authorities.urls")),
    path("schools/", include("schools.urls")),
    path("self-evaluations/", include("self_evaluations.urls")),
    path("events/", include("events.urls")),
    path("school-places/", include("school_places.urls")),
    path("local-authorities/", include("la_directory.urls")),
    path("advice/", include("advice.urls")),
    path("ask/", include("advice.public_urls")),
    path("children-with-a-social-worker/", include("cwsw.urls")),
    path("enrichment/", include("enrichment.urls")),
    path("post-16/", include("post16.urls")),
    path("imports/", include("imports.urls")),
    path("api/v1/", api.urls),
]

handler403 = "core.views.error_403"
handler404 = "core.views.error_404"
handler500 = "core.views.error_500"
