from django.core.management.base import BaseCommand, CommandError

from audit.services import ObjectType
from children.cla_measures import la_measures
from children.importers.ssda903_year import parse_year, year_label
from core.cli import la_arg, log_export, write_output
from core.exports import FORMATS, render

COLUMNS = (
    "child_id",
    "looked_after_on_31_march",
    "continuously_looked_after_12_months",
    "placements_in_year",
    "long_term_stable",
)


def _bool(value: bool) -> str:
    return "true" if value else "false"


class Command(BaseCommand):
    help = (
        "The DfE's measures for every child looked after at any time in an SSDA903 year, to "
        "reconcile with the DfE's published tables (children/cla_measures.py has the rules)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--la", required=True)
        parser.add_argument("--year", required=True, help="the SSDA903 year, e.g. 2024-25")
        parser.add_argument("--format", choices=sorted(FORMATS), default="csv")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args, la, year, format, output, **options):
        authority = la_arg(la)
        collection_year, error = parse_year(year)
        if error:
            raise CommandError(f"--year {error}")
        rows = [
            (m.child_id, _bool(m.looked_after_on_31_march),
             _bool(m.continuously_looked_after_12_months), m.placements_in_year,
             _bool(m.long_term_stable))
            for m in la_measures(authority, collection_year)
        ]  # fmt: skip
        label = year_label(collection_year)
        log_export(la=authority, rows=rows, object_type=ObjectType.ROLL,
                   object_id=f"{la} {label} cla_measures")  # fmt: skip
        write_output(self, render(format, COLUMNS, rows, title=f"CLA {label}"), fmt=format,
                     output=output)  # fmt: skip
        self.stderr.write(f"{len(rows)} children looked after during {label}")
