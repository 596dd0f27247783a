from django.urls import path

from advice import views

app_name = "advice"
urlpatterns = [
    path("", views.request_list, name="list"),
    path("new/", views.request_new, name="new"),
    path("figures/", views.figures, name="figures"),
    path("<int:pk>/", views.request_detail, name="detail"),
]
