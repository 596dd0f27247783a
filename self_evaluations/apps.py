from django.apps import AppConfig


class SelfEvaluationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "self_evaluations"
    verbose_name = "Schools' self-evaluation of provision for children in care"
