from django.urls import path

from peps import views

app_name = "peps"
urlpatterns = [
    path("", views.compliance, name="compliance"),
    path("children/<int:pk>/", views.child_peps, name="child"),
    path("<int:pk>/", views.pep_detail, name="detail"),
    path("<int:pk>/print/", views.pep_print, name="print"),
    path("<int:pk>/pdf/", views.pep_print, {"fmt": "pdf"}, name="pdf"),
    path("<int:pk>/sections/<str:key>/", views.section_edit, name="section"),
    path("<int:pk>/targets/new/", views.target_new, name="target_new"),
    path("<int:pk>/meeting/", views.meeting_edit, name="meeting"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/targets/<int:target_pk>/evaluate/", views.evaluate, name="evaluate"),
    path("<int:pk>/return/", views.pep_return_view, name="return"),
    path("<int:pk>/quality/", views.quality, name="quality"),
    path("<int:pk>/sign-off/", views.sign_off, name="sign_off"),
    path("<int:pk>/new-version/", views.new_version, name="new_version"),
]
