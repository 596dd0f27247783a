from pathlib import Path

from django.core.management.base import BaseCommand

from children.importers.people import people_import
from imports.cli import ProgressBar, file_or_error, finish, la_or_error


class Command(BaseCommand):
    help = "Load children's names and their social worker, IRO and carer (CSV)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--la", required=True)
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--report", help="where to save the problem list (CSV)")

    def handle(self, *args, file, la, dry_run, report, **options):
        result = people_import(
            path=file_or_error(file),
            la=la_or_error(la),
            dry_run=dry_run,
            progress=ProgressBar(self.stderr._out),
        )
        finish(self, result, kind="people", report_path=report)
