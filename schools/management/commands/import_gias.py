from pathlib import Path

from django.core.management.base import BaseCommand

from imports.cli import ProgressBar, finish
from schools.importers.gias import gias_import


class Command(BaseCommand):
    help = "Load a GIAS establishment CSV (Windows-1252). All-or-nothing; safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--report", help="where to save the problem list (CSV)")

    def handle(self, *args, file, dry_run, report, **options):
        if not file.is_file():
            from django.core.management.base import CommandError

            raise CommandError(f"No such file: {file}")
        result = gias_import(path=file, dry_run=dry_run, progress=ProgressBar(self.stderr._out))
        finish(self, result, kind="gias", report_path=report)
