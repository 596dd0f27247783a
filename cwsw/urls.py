from django.urls import path

from cwsw import views

app_name = "cwsw"
urlpatterns = [path("", views.figures, name="figures")]
