from django.urls import path

from sen import views

app_name = "sen"
urlpatterns = [
    path("children/<int:pk>/", views.child_sen, name="child"),
    path("children/<int:pk>/status/", views.status_edit, name="status_edit"),
    path("children/<int:pk>/ehcp/new/", views.ehcp_edit, name="ehcp_new"),
    path("children/<int:pk>/ehcp/<int:assessment_pk>/", views.ehcp_edit, name="ehcp_edit"),
    path("children/<int:pk>/sdq/new/", views.sdq_new, name="sdq_new"),
]
