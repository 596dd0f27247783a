from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/children/", views.figure_children, name="children"),
    path("", views.report_list, name="list"),
    path("benchmarks/", views.benchmarks, name="benchmarks"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/<str:name>/", views.report_file, name="file"),
]
