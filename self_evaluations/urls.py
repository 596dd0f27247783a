from django.urls import path

from self_evaluations import views

app_name = "self_evaluations"
urlpatterns = [
    path("criteria/", views.criteria, name="criteria"),
    path("<int:pk>/", views.evaluation_detail, name="detail"),
    path("schools/<int:urn>/", views.school_evaluations, name="school"),
]
