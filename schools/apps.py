from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "schools"

    def ready(self) -> None:
        from core.kept import kept_figures_warmer
        from schools.figures import la_school_rows

        kept_figures_warmer(la_school_rows)  # the homes of the VSH and team managers
        from imports.registry import Importer, one_file, register
        from schools.importers.gias import gias_import
        from schools.importers.inspections import inspections_import
        from schools.importers.links import gias_links_import

        def register_wide(kind, label, function, order):
            run = one_file(function, with_la=False)
            register(Importer(kind, label, run, needs_la=False, order=order))

        register_wide("gias", "GIAS school register", gias_import, 20)
        register_wide("gias_links", "GIAS links (predecessor and successor schools)",
                      gias_links_import, 21)  # fmt: skip
        register_wide("inspections", "Inspection outcomes (URN, InspectionDate, Outcome)",
                      inspections_import, 22)  # fmt: skip
