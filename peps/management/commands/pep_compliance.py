from django.core.management.base import BaseCommand

from audit.services import ObjectType
from children.models import Child
from core.cli import day_export_arguments, la_arg, log_export, write_output
from core.exports import render
from peps.compliance import COLUMNS, compliance_rows


class Command(BaseCommand):
    help = "The PEP due for every child on the roll on a day: type, due date, status, overdue."

    def add_arguments(self, parser):
        day_export_arguments(parser)

    def handle(self, *args, la, on, format, output, **options):
        authority = la_arg(la)
        rows = list(compliance_rows(Child.objects.filter(la=authority), on))
        data = render(format, COLUMNS, rows, title=f"PEP compliance {on}")
        log_export(la=authority, rows=rows, object_type=ObjectType.PEP, object_id=f"{la} {on} cli")
        write_output(self, data, fmt=format, output=output)
