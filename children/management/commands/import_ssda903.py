from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from authorities.models import LocalAuthority
from children.importers.ssda903 import ssda903_import
from children.importers.ssda903_year import parse_year
from core.actors import SYSTEM
from imports.cli import ProgressBar, finish


class Command(BaseCommand):
    help = (
        "Load an SSDA903 return: folders of CSV tables, CSV files (recognised by header) or one "
        "XML file. All-or-nothing; safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--la", required=True, help="LA code, e.g. 330")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument(
            "--year",
            help="the return's collection year, e.g. 2025-26 (or 2026); "
            "without it the year is worked out from the return's dates and printed",
        )
        parser.add_argument("--report", help="where to save the problem list (CSV)")
        parser.add_argument(
            "--confirm-unmatched",
            action="store_true",
            help="load a return that carries fewer than half of the children in care when its "
            "year began (another ID scheme, say): refused without it",
        )

    def handle(self, *args, paths, la, dry_run, year, report, confirm_unmatched, **options):
        collection_year = None
        if year:
            collection_year, error = parse_year(year)
            if error:
                raise CommandError(f"--year {error}")
        authority = LocalAuthority.objects.filter(code=la).first()
        if authority is None:
            raise CommandError(f"No local authority with code {la}. Run setup_la first.")
        result = ssda903_import(
            paths=paths,
            la=authority,
            dry_run=dry_run,
            collection_year=collection_year,
            progress=ProgressBar(self.stderr._out),
            actor=SYSTEM,
            confirmed=confirm_unmatched,
        )
        finish(self, result, kind="ssda903", report_path=report)
