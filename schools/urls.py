from django.urls import path

from schools import views
from visits import views as visit_views

app_name = "schools"
urlpatterns = [
    path("mine/", views.my_schools, name="mine"),
    path("areas/", views.area_list, name="areas"),
    path("areas/<int:pk>/", views.area_detail, name="area"),
    path("actions/<int:pk>/done/", visit_views.action_done, name="action_done"),
    path("<int:urn>/", views.school_detail, name="detail"),
    path("<int:urn>/inspection/", views.inspection_record, name="inspection"),
    path("<int:urn>/designated-teacher/", views.designated_teacher_edit, name="designated_teacher"),
    path("<int:urn>/visits/new/", visit_views.visit_new, name="visit_new"),
    path(
        "<int:urn>/governors-report.<str:fmt>", views.governors_report_view, name="governors_report"
    ),
]
