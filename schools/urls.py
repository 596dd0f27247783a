from django.urls import path

from schools import views

app_name = "schools"
urlpatterns = [
    path("<int:urn>/", views.school_detail, name="detail"),
    path("<int:urn>/inspection/", views.inspection_record, name="inspection"),
]
