from django.core.management.base import BaseCommand

from audit.services import Action, ObjectType, access_log_record
from core.cli import day_export_arguments, la_arg, write_output
from core.exports import render
from schools.export import SCHOOL_COLUMNS, school_export_rows


class Command(BaseCommand):
    help = (
        "Export the schools with at least one of the LA's children on the roll on a date, one "
        "row per school sorted by URN, with its area, designated teacher, visits and actions."
    )

    def add_arguments(self, parser):
        day_export_arguments(parser)

    def handle(self, *args, la, on, format, output, **options):
        authority = la_arg(la)
        rows = school_export_rows(authority, on)
        data = render(format, SCHOOL_COLUMNS, rows, title=f"Schools {on}")
        access_log_record(
            action=Action.EXPORT, object_type=ObjectType.SCHOOL, object_id=f"schools {la} {on} cli"
        )
        write_output(self, data, fmt=format, output=output)
