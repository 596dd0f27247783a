from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.actors import SYSTEM
from imports.cli import finish
from school_places.postcodes import postcodes_import


class Command(BaseCommand):
    help = (
        "Load the ONS postcode directory's grid references (pcds, oseast1m, osnrth1m) for "
        "distances in the school search. All-or-nothing; optional."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--report", help="where to save the problem list (CSV)")

    def handle(self, *args, file, dry_run, report, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        result = postcodes_import(path=file, dry_run=dry_run, actor=SYSTEM)
        finish(self, result, kind="postcodes", report_path=report)
