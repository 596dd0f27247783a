from django.urls import path

from attendance import views

app_name = "attendance"
urlpatterns = [
    path("", views.cohort_view, name="cohort"),
    path("alerts/", views.alert_list, name="alerts"),
    path("children/<int:pk>/", views.child_attendance_view, name="child"),
    path("children/<int:pk>/exclusions/new/", views.exclusion_new, name="exclusion_new"),
    path(
        "children/<int:pk>/alerts/<str:kind>/<str:since>/action/",
        views.alert_action,
        name="alert_action",
    ),
]
