from django.core.management.base import BaseCommand

from attendance.importers.termly import termly_import
from imports.cli import CsvImportCommand


class Command(CsvImportCommand, BaseCommand):
    help = "Import termly census attendance: child_id,academic_year,term,sessions_possible,<codes>."
    importer = staticmethod(termly_import)
    kind = "attendance-summary"
