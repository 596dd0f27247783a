from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "Dashboard and reports"

    def ready(self) -> None:
        from core.kept import kept_figures_warmer
        from reports.dashboard import dashboard_warm

        kept_figures_warmer(dashboard_warm)
