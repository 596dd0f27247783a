from django.urls import path

from children import views

app_name = "children"
urlpatterns = [
    path("", views.child_list, name="list"),
    path("data-quality/", views.data_quality, name="data_quality"),
    path("data-quality/<slug:key>/", views.data_quality_check, name="data_quality_check"),
    path("caseloads/", views.caseloads, name="caseloads"),
    path("no-school-place/", views.no_place_list, name="no_place"),
    path("cohort/", views.cohort_view, name="cohort"),
    path("ks4-moves/", views.ks4_moves_view, name="ks4_moves"),
    path(
        "<int:pk>/ks4-moves/<int:episode_pk>/",
        views.ks4_move_approve,
        name="ks4_move_approve",
    ),
    path("<int:pk>/", views.child_detail, name="detail"),
    path("<int:pk>/access-log/", views.child_access_log, name="access_log"),
    path("<int:pk>/placements/new/", views.placement_new, name="placement_new"),
    path(
        "<int:pk>/placements/<int:placement_pk>/end/",
        views.placement_end_view,
        name="placement_end",
    ),
    path(
        "<int:pk>/placements/<int:placement_pk>/successor/",
        views.placement_to_successor,
        name="placement_to_successor",
    ),
    path(
        "<int:pk>/notifications/<int:notification_pk>/letter/",
        views.child_letter,
        name="letter",
    ),
]
