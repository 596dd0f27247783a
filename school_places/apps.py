from django.apps import AppConfig


class SchoolPlacesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "school_places"
    verbose_name = "School place casework"

    def ready(self) -> None:
        from imports.registry import Importer, one_file, register
        from school_places.postcodes import postcodes_import

        run = one_file(postcodes_import, with_la=False)
        label = "ONS postcode directory (grid references, for distances to schools)"
        register(Importer("postcodes", label, run, needs_la=False, order=23))
