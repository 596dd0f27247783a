import re

from django.core.management.base import BaseCommand, CommandError

from core.cli import la_arg, write_output
from core.exports import render
from enrichment.figures import REPORT_COLUMNS, activity_rows


class Command(BaseCommand):
    help = (
        "One row per enrichment activity starting in a school year (September to August), by "
        "date: places, bookings, waiting list, attendance, cost, cost per participant and the "
        "average change in wellbeing. No child is named."
    )

    def add_arguments(self, parser):
        parser.add_argument("--la", required=True, help="the LA's 3-digit code")
        parser.add_argument("--year", required=True, help="the school year, e.g. 2025-26")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--output", help="a file to write (default: standard output)")

    def handle(self, *args, la, year, format, output, **options):
        match = re.fullmatch(r"(\d{4})-(\d{2})", year)
        if not match or (int(match[1]) + 1) % 100 != int(match[2]):
            raise CommandError(f"--year {year!r} is not a school year like 2025-26")
        rows = activity_rows(la_arg(la), int(match[1]))
        data = render(format, REPORT_COLUMNS, rows, title=f"Enrichment {year}")
        write_output(self, data, fmt=format, output=output)
