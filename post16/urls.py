from django.urls import path

from post16 import views

app_name = "post16"
urlpatterns = [
    path("peps/<int:pep_pk>/plan/", views.plan_edit, name="plan"),
    path("pupil-premium-plus/", views.grant_list, name="grants"),
    path("pupil-premium-plus/new/", views.grant_new, name="grant_new"),
    path("pupil-premium-plus/<int:pk>/", views.grant_detail, name="grant"),
    path("pupil-premium-plus/<int:pk>/settings/", views.grant_edit, name="grant_edit"),
    path("pupil-premium-plus/requests/<int:pk>/", views.request_detail, name="request"),
    path("children/<int:child_pk>/pupil-premium-plus/", views.request_new, name="request_new"),
]
