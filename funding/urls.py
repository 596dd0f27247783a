from django.urls import path

from funding import views

app_name = "funding"
urlpatterns = [
    path("", views.grant_list, name="list"),
    path("new/", views.grant_new, name="new"),
    path("<int:pk>/", views.ledger_view, name="ledger"),
    path("<int:pk>/settings/", views.grant_settings, name="settings"),
    path("<int:pk>/requests/", views.request_list, name="requests"),
    path("<int:pk>/central/new/", views.central_new, name="central_new"),
    path("<int:pk>/runs/new/", views.run_new, name="run_new"),
    path("requests/<int:pk>/", views.request_decide, name="decide"),
    path("lines/<int:pk>/release/", views.line_release, name="line_release"),
    path("runs/<int:pk>/csv/", views.run_download, name="run_csv"),
]
