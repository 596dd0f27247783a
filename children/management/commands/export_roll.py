from django.core.management.base import BaseCommand

from audit.services import ObjectType
from children.models import Child
from children.roll.export import ROLL_COLUMNS, roll_rows
from core.cli import day_export_arguments, la_arg, log_export, write_output
from core.exports import render


class Command(BaseCommand):
    help = "Export the roll on a date: one row per child on the roll, sorted by child id."

    def add_arguments(self, parser):
        day_export_arguments(parser)

    def handle(self, *args, la, on, format, output, **options):
        authority = la_arg(la)
        # Iterating the queryset here is the export itself; the command is run by an operator
        # with shell access, so the whole LA is in scope. The access log records it.
        children = Child.objects.filter(la=authority)
        rows = list(roll_rows(children, on))
        data = render(format, ROLL_COLUMNS, rows, title=f"Roll {on}")
        log_export(la=authority, rows=rows, object_type=ObjectType.ROLL, object_id=f"{la} {on} cli")
        write_output(self, data, fmt=format, output=output)
