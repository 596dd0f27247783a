from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from audit.services import Action, ObjectType, access_log_record
from core.cli import la_arg
from reports.content import report_content
from reports.periods import period_from_key
from reports.render import report_pdf, report_xlsx


class Command(BaseCommand):
    help = (
        "Generate a termly or annual report into a folder: the board's version (suppressed) and "
        "the Virtual School's, each as PDF and XLSX."
    )

    def add_arguments(self, parser):
        parser.add_argument("--la", required=True)
        parser.add_argument("--kind", choices=["termly", "annual"], required=True)
        parser.add_argument("--period", required=True, help="a term (2025-autumn) or year (2025)")
        parser.add_argument("--threshold", type=int, default=5, help="suppress counts below this")
        parser.add_argument("--output-dir", required=True)

    def handle(self, *args, la, kind, period, threshold, output_dir, **options):
        authority = la_arg(la)
        today = timezone.localdate()
        found = period_from_key(authority, period, today)
        if found is None:
            raise CommandError(f"{period} is not a term or school year of LA {la}'s calendar")
        if (kind == "termly") != ("-" in period):
            raise CommandError("A termly report needs a term (2025-autumn); annual, a year (2025)")
        if not 2 <= threshold <= 20:
            raise CommandError("--threshold must be from 2 to 20")
        folder = Path(output_dir)
        folder.mkdir(parents=True, exist_ok=True)
        content = report_content(authority, kind, found, today)
        for version, t in (("board", threshold), ("internal", None)):
            base = folder / f"{kind}-report-{la}-{period}-{version}"
            base.with_suffix(".pdf").write_bytes(report_pdf(content, t))
            base.with_suffix(".xlsx").write_bytes(report_xlsx(content, t))
        access_log_record(
            action=Action.EXPORT, object_type=ObjectType.REPORT, object_id=f"{kind} {la} {period}"
        )
        self.stdout.write(f"Wrote the board's and the Virtual School's versions to {folder}")
