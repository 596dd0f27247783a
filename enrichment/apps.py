from django.apps import AppConfig


class EnrichmentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "enrichment"
    verbose_name = "Enrichment activities and post-16"

    def ready(self) -> None:
        from core.kept import register as keep
        from enrichment import kept_post16

        keep(kept_post16.keeper())  # who was on the roll on each 1st, for the EET share
