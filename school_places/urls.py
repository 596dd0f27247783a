from django.urls import path

from school_places import ehcp_views, letter_views, package_views, search_views, views

app_name = "school_places"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("refer/<int:child_pk>/", views.case_refer, name="refer"),
    path("search/", search_views.school_search, name="search"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path(
        "<int:pk>/escalations/<int:escalation_pk>/<str:kind>.<str:fmt>",
        views.letter,
        name="letter",
    ),
    path("letters/", letter_views.letter_list, name="letters"),
    path("letters/<int:la_pk>/<str:kind>/", letter_views.letter_edit, name="letter_edit"),
    path("packages/", package_views.package_list, name="packages"),
    path("packages/new/<int:child_pk>/", package_views.package_new, name="package_new"),
    path("packages/<int:pk>/", package_views.package_detail, name="package"),
    path("ehcp-transfers/", ehcp_views.transfer_list, name="transfers"),
    path("ehcp-transfers/new/<int:child_pk>/", ehcp_views.transfer_new, name="transfer_new"),
    path("ehcp-transfers/<int:pk>/", ehcp_views.transfer_detail, name="transfer"),
]
