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
        from attendance import kept_alerts, kept_lines
        from core.kept import register as keep

        keep(kept_alerts.keeper())  # alerts kept for the pages (core.kept)
        keep(kept_lines.keeper())  # the cohort's attendance this term, child by child
