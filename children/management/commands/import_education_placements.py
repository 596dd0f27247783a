from django.core.management.base import BaseCommand

from children.importers.placements import placements_import
from imports.cli import CsvImportCommand


class Command(CsvImportCommand, BaseCommand):
    help = "Load education placements (CSV). Schools are told of new starters."
    importer = staticmethod(placements_import)
    kind = "placements"
