from django.apps import AppConfig


class PepsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "peps"
    verbose_name = "Personal Education Plans"
