from django.core.management.base import BaseCommand, CommandError

from audit.services import ObjectType
from core.cli import la_arg, log_export, write_output
from core.exports import FORMATS, render
from funding.eligibility import FinancialYear, eligible_children, rate_for

COLUMNS = ("child_id", "dob", "first_day_looked_after_in_year", "age_on_31_august")
# first_day_looked_after_in_year: in the SSDA903 year the grant year's allocation reads.


class Command(BaseCommand):
    help = "Children eligible for Pupil Premium Plus in a year; count and allocation on stderr."

    def add_arguments(self, parser):
        parser.add_argument("--la", required=True)
        parser.add_argument("--year", required=True, help="financial year, e.g. 2024-25")
        parser.add_argument("--format", choices=sorted(FORMATS), default="csv")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args, la, year, format, output, **options):
        authority = la_arg(la)
        try:
            fy = FinancialYear.parse(year)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        children = eligible_children(authority, fy)
        rows = [
            (c.child_id, c.dob.isoformat(), c.first_day.isoformat(), c.age_on_31_august)
            for c in children
        ]
        data = render(format, COLUMNS, rows, title=f"PP+ {fy.label}")
        log_export(la=authority, rows=rows, object_type=ObjectType.CHILD_LIST,
                   object_id=f"ppplus {la} {year}")  # fmt: skip
        write_output(self, data, fmt=format, output=output)
        rate = rate_for(authority, fy)
        allocation = (
            f"£{rate * len(children):,.2f} at £{rate:,.2f} a child" if rate else "no rate set"
        )
        self.stderr.write(f"Grant year {fy.label}: {fy.basis}.")
        self.stderr.write(f"{len(children)} eligible children; allocation {allocation}")
