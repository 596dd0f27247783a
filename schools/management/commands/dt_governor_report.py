from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from audit.services import Action, ObjectType, access_log_record
from schools.governors import governors_report
from schools.governors_render import governors_docx, governors_pdf
from schools.models import School


class Command(BaseCommand):
    help = (
        "The designated teacher's report to governors for a school and a school year, as a "
        "tagged PDF or (for a .docx output) an editable Word document. Children are not named."
    )

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, type=int, help="the school's URN")
        parser.add_argument("--year", required=True, help="the school year, e.g. 2025-26")
        parser.add_argument("--output", required=True, help="FILE.pdf or FILE.docx")

    def handle(self, *args, school, year, output, **options):
        found = School.objects.filter(urn=school).first()
        if found is None:
            raise CommandError(f"No school with URN {school} in the register.")
        try:
            report = governors_report(found, year, timezone.localdate())
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        path = Path(output)
        data = governors_docx(report) if path.suffix == ".docx" else governors_pdf(report)
        path.write_bytes(data)
        access_log_record(
            action=Action.EXPORT,
            object_type=ObjectType.SCHOOL,
            object_id=f"governors report {school} {year} cli",
        )
        self.stdout.write(f"Wrote {path} ({len(report.pupils)} pupils, {len(data):,} bytes).")
