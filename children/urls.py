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
    path(
        "<int:pk>/notifications/<int:notification_pk>/letter/",
        views.child_letter,
        name="letter",
    ),
]
