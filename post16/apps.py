from django.apps import AppConfig


class Post16Config(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "post16"
    verbose_name = "Post-16: the PEP's post-16 plan and Post-16 Pupil Premium Plus"
