from django.core.management.base import BaseCommand

from audit.services import ObjectType
from core.cli import day_export_arguments, la_arg, log_export, write_output
from core.exports import render
from school_places.report import REPORT_COLUMNS, school_place_rows


class Command(BaseCommand):
    help = (
        "One row per child on the roll without a current school place or with an open school "
        "place case on a day, sorted by child id, with the days waited and the case's clocks."
    )

    def add_arguments(self, parser):
        day_export_arguments(parser)

    def handle(self, *args, la, on, format, output, **options):
        authority = la_arg(la)
        rows = school_place_rows(authority, on)
        data = render(format, REPORT_COLUMNS, rows, title=f"School places {on}")
        log_export(
            la=authority,
            rows=rows,
            object_type=ObjectType.ROLL,
            object_id=f"school places {la} {on} cli",
        )
        write_output(self, data, fmt=format, output=output)
