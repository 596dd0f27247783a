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
        _keep_alerts_following_single_saves()


def _keep_alerts_following_single_saves() -> None:
    """A row saved on its own (a service, the admin, a test) moves the kept alerts by signal;
    bulk writes (imports, the marks writer) call attendance.kept_alerts themselves."""
    from django.db.models.signals import post_delete, post_save

    from attendance.models import Exclusion
    from authorities.models import ClosureDay, LocalAuthority, Term
    from children.models import EducationPlacement

    for signal in (post_save, post_delete):
        for model in (Exclusion, EducationPlacement):
            signal.connect(_child_changed, sender=model, dispatch_uid=f"kept-{model}-{signal}")
        for model in (Term, ClosureDay):
            signal.connect(_la_changed, sender=model, dispatch_uid=f"kept-{model}-{signal}")
    post_save.connect(_settings_changed, sender=LocalAuthority, dispatch_uid="kept-la")


def _child_changed(sender, instance, **kwargs) -> None:
    from attendance.kept_alerts import alerts_refresh_children

    alerts_refresh_children([instance.child_id])


def _la_changed(sender, instance, **kwargs) -> None:
    from attendance.kept_alerts import alerts_forget

    alerts_forget(instance.la_id)


def _settings_changed(sender, instance, created, **kwargs) -> None:
    from attendance.kept_alerts import alerts_forget

    if not created:  # the LA's thresholds may have changed
        alerts_forget(instance.pk)
