from django.apps import AppConfig


class AuthoritiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "authorities"
