from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "attendance"

    def ready(self) -> None:
        from attendance.importers.exclusions import exclusions_import
        from attendance.importers.marks import attendance_import
        from attendance.importers.termly import termly_import
        from imports.registry import Importer, one_file, register

        register(Importer("attendance", "Attendance: daily AM/PM marks",
                          one_file(attendance_import), order=50))  # fmt: skip
        register(Importer("attendance_summary", "Attendance: termly census summaries",
                          one_file(termly_import), order=60))  # fmt: skip
        register(Importer("exclusions", "Exclusions and suspensions",
                          one_file(exclusions_import), order=70))  # fmt: skip
        from attendance.kept_alerts import keeper
        from core.kept import register as keep

        keep(keeper())  # alerts kept for the pages (core.kept)
        from attendance.cohort import cohort_warm
        from core.kept import kept_figures_warmer

        kept_figures_warmer(cohort_warm)
