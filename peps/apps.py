from django.apps import AppConfig


class PepsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "peps"
    verbose_name = "Personal Education Plans"

    def ready(self) -> None:
        from core.kept import register as keep
        from peps.kept_due import keeper

        keep(keeper())  # the PEP due now, kept for the pages (core.kept)
