from django.urls import path

from children import views

app_name = "children"
urlpatterns = [
    path("", views.child_list, name="list"),
    path("data-quality/", views.data_quality, name="data_quality"),
    path("caseloads/", views.caseloads, name="caseloads"),
    path("cohort/", views.cohort_view, name="cohort"),
    path("<int:pk>/", views.child_detail, name="detail"),
    path("<int:pk>/access-log/", views.child_access_log, name="access_log"),
    path("<int:pk>/placements/new/", views.placement_new, name="placement_new"),
    path(
        "<int:pk>/placements/<int:placement_pk>/end/",
        views.placement_end_view,
        name="placement_end",
    ),
    path(
        "<int:pk>/notifications/<int:notification_pk>/letter/",
        views.child_letter,
        name="letter",
    ),
]
