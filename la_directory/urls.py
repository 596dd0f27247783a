from django.urls import path

from la_directory import views

app_name = "la_directory"
urlpatterns = [
    path("", views.authority_list, name="list"),
    path("<str:code>/", views.authority_edit, name="edit"),
]
