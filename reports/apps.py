from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "Dashboard and reports"

    def ready(self) -> None:
        from core.kept import kept_figures_warmer
        from core.kept import register as keep
        from reports import kept_last_year, kept_lines
        from reports.dashboard import dashboard_warm

        keep(kept_lines.keeper())  # the dashboard's children, child by child (core.kept)
        keep(kept_last_year.keeper())  # their attendance a year earlier, child by child
        kept_figures_warmer(dashboard_warm)
