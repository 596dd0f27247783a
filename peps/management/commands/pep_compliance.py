from django.core.management.base import BaseCommand

from audit.services import ObjectType
from children.models import Child
from core.cli import date_arg, la_arg, log_export, write_output
from core.exports import FORMATS, render
from peps.compliance import COLUMNS, compliance_rows


class Command(BaseCommand):
    help = "The PEP due for every child on the roll on a day: type, due date, status, overdue."

    def add_arguments(self, parser):
        parser.add_argument("--la", required=True)
        parser.add_argument("--on", required=True, type=date_arg, help="YYYY-MM-DD")
        parser.add_argument("--format", choices=sorted(FORMATS), default="csv")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args, la, on, format, output, **options):
        authority = la_arg(la)
        rows = list(compliance_rows(Child.objects.filter(la=authority), on))
        data = render(format, COLUMNS, rows, title=f"PEP compliance {on}")
        log_export(la=authority, rows=rows, object_type=ObjectType.PEP, object_id=f"{la} {on} cli")
        write_output(self, data, fmt=format, output=output)
