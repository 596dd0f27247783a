from django.core.management.base import BaseCommand, CommandError

from attendance.report import REPORT_COLUMNS, attendance_report_rows
from audit.services import ObjectType
from core.cli import date_arg, la_arg, log_export, write_output
from core.exports import FORMATS, render


class Command(BaseCommand):
    help = (
        "Attendance measures per child on the roll at the end date with any mark in the range, "
        "sorted by child_id."
    )

    def add_arguments(self, parser):
        parser.add_argument("--la", required=True)
        parser.add_argument("--from", dest="start", required=True, type=date_arg)
        parser.add_argument("--to", dest="end", required=True, type=date_arg)
        parser.add_argument("--format", choices=sorted(FORMATS), default="csv")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args, la, start, end, format, output, **options):
        if end < start:
            raise CommandError("--to must be on or after --from.")
        authority = la_arg(la)
        rows = attendance_report_rows(authority, start, end)
        data = render(format, REPORT_COLUMNS, rows, title=f"Attendance {start} to {end}")
        log_export(la=authority, rows=rows, object_type=ObjectType.ATTENDANCE,
                   object_id=f"{la} {start} {end} cli")  # fmt: skip
        write_output(self, data, fmt=format, output=output)
