from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "children"

    def ready(self) -> None:
        from children.importers.people import people_import
        from children.importers.placements import placements_import
        from imports.registry import Importer, one_file, register

        register(Importer("ssda903", "SSDA903 return (children looked after)", _ssda903,
                          many_files=True, order=10, confirmable=True))  # fmt: skip
        register(Importer("people", "Names, social workers, IROs and carers",
                          one_file(people_import), order=30))  # fmt: skip
        register(Importer("placements", "Education placements", one_file(placements_import),
                          order=40))  # fmt: skip
        from children.kept_no_place import keeper
        from core.kept import register as keep

        keep(keeper())


def _ssda903(paths, *, la, dry_run, actor, progress, confirmed=False):
    """A return is several CSV tables or one XML file."""
    from children.importers.ssda903 import ssda903_import

    return ssda903_import(paths=paths, la=la, dry_run=dry_run, actor=actor, progress=progress,
                          confirmed=confirmed)  # fmt: skip
