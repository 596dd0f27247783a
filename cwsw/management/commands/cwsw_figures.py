from django.core.management.base import BaseCommand

from core.cli import day_export_arguments, la_arg, write_output
from core.exports import render
from cwsw.figures import COLUMNS, cohort_rows


class Command(BaseCommand):
    help = (
        "Figures for children with a social worker on a day (children in need, on a child "
        "protection plan, Ever-6), whole cohort and by primary need and phase, every figure "
        "below the LA's threshold suppressed: measure,group,count,denominator,rate,suppressed."
    )

    def add_arguments(self, parser):
        day_export_arguments(parser)

    def handle(self, *args, la, on, format, output, **options):
        authority = la_arg(la)
        rows = [r.as_csv() for r in cohort_rows(authority, on, authority.small_number_suppression)]
        data = render(format, COLUMNS, rows, title=f"Children with a social worker {on}")
        write_output(self, data, fmt=format, output=output)
