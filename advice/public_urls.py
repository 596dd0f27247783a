from django.urls import path

from advice import public_views

app_name = "ask"
urlpatterns = [
    path("<str:la_code>/", public_views.ask, name="form"),
    path("<str:la_code>/sent/", public_views.sent, name="sent"),
]
