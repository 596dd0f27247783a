from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.actors import SYSTEM
from imports.cli import ProgressBar, finish
from schools.importers.gias import gias_import
from schools.importers.links import gias_links_import


class Command(BaseCommand):
    help = (
        "Load a GIAS establishment CSV (Windows-1252) and/or the GIAS links file (--links). "
        "All-or-nothing; safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, nargs="?", help="edubasealldata YYYYMMDD.csv")
        parser.add_argument("--links", type=Path, help="links_edubasealldata YYYYMMDD.csv")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--report", help="where to save the problem list (CSV)")

    def handle(self, *args, file, links, dry_run, report, **options):
        if file is None and links is None:
            raise CommandError("Give the GIAS file, the links file (--links FILE), or both.")
        for path in (file, links):
            if path is not None and not path.is_file():
                raise CommandError(f"No such file: {path}")
        if file is not None:
            result = gias_import(
                path=file, dry_run=dry_run, progress=ProgressBar(self.stderr._out), actor=SYSTEM
            )
            finish(self, result, kind="gias", report_path=report)
        if links is not None:
            result = gias_links_import(path=links, dry_run=dry_run, actor=SYSTEM)
            finish(self, result, kind="gias-links", report_path=report)
