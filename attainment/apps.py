from django.apps import AppConfig


class AttainmentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "attainment"

    def ready(self) -> None:
        from attainment.importers import attainment_import
        from imports.registry import Importer, one_file, register

        register(Importer("attainment", "Attainment: assessment results from schools",
                          one_file(attainment_import), order=90))  # fmt: skip
