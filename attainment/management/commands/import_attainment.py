from django.core.management.base import BaseCommand

from attainment.importers import attainment_import
from imports.cli import CsvImportCommand


class Command(CsvImportCommand, BaseCommand):
    help = "Import assessment results (CSV; docs/data-formats.md). All-or-nothing."
    importer = staticmethod(attainment_import)
    kind = "attainment"
