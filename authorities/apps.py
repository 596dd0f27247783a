from django.apps import AppConfig


class AuthoritiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "authorities"

    def ready(self) -> None:
        from authorities.terms import calendar_import
        from imports.registry import Importer, one_file, register

        register(Importer("calendar", "Term dates and closure days", one_file(calendar_import),
                          order=80))  # fmt: skip
