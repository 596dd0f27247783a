from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.actors import SYSTEM
from core.cli import la_arg
from cwsw.census import cin_census_import
from imports.cli import finish


class Command(BaseCommand):
    help = (
        "Load the CIN census XML for cohort figures only (hashed UPN, month of birth, episodes "
        "and plans). All-or-nothing; a file for another LA is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--la", required=True, help="the LA's 3-digit code")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--report", help="where to save the problem list (CSV)")

    def handle(self, *args, file, la, dry_run, report, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        result = cin_census_import(path=file, la=la_arg(la), dry_run=dry_run, actor=SYSTEM)
        finish(self, result, kind="cin_census", report_path=report)
