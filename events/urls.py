from django.urls import path

from events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views.event_new, name="new"),
    path("figures/", views.figures, name="figures"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/book/", views.event_book, name="book"),
    path("<int:pk>/cancel/", views.booking_cancel, name="cancel"),
    path("<int:pk>/certificate/", views.certificate, name="certificate"),
    path("<int:pk>/evaluation/", views.evaluation, name="evaluation"),
]
