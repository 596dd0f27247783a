from django.apps import AppConfig


class SchoolPlacesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "school_places"
    verbose_name = "School place casework"
