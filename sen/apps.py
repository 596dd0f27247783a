from django.apps import AppConfig


class SenConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sen"
    verbose_name = "SEN and wellbeing"
