from django.apps import AppConfig


class LaDirectoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "la_directory"
    verbose_name = "Other local authorities' contacts"
