from django.urls import path

from enrichment import post16_views, views

app_name = "enrichment"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("new/", views.activity_edit, name="new"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/edit/", views.activity_edit, name="edit"),
    path("consent/<int:child_pk>/", views.consent, name="consent"),
    path("post-16/", post16_views.post16_list, name="post16"),
    path("post-16/<int:child_pk>/", post16_views.post16_check, name="post16_check"),
]
