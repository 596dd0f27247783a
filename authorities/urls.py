from django.urls import path

from authorities import views

app_name = "authorities"
urlpatterns = [path("<str:code>/settings/", views.la_settings, name="settings")]
