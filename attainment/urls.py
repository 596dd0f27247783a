from django.urls import path

from attainment import views

app_name = "attainment"
urlpatterns = [path("children/<int:pk>/", views.child_attainment, name="child")]
