from django.urls import path

from school_places import views

app_name = "school_places"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("refer/<int:child_pk>/", views.case_refer, name="refer"),
    path("<int:pk>/", views.case_detail, name="detail"),
]
