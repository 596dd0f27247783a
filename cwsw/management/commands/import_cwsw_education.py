from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.actors import SYSTEM
from core.cli import la_arg
from cwsw.education import education_import
from imports.cli import finish


class Command(BaseCommand):
    help = (
        "Load the education extract by UPN for cohort figures only (the UPN hashed, never "
        "stored). All-or-nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--la", required=True, help="the LA's 3-digit code")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--report", help="where to save the problem list (CSV)")

    def handle(self, *args, file, la, dry_run, report, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        result = education_import(path=file, la=la_arg(la), dry_run=dry_run, actor=SYSTEM)
        finish(self, result, kind="cwsw_education", report_path=report)
