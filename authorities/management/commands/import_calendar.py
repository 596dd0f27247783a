from django.core.management.base import BaseCommand

from authorities.terms import calendar_import
from imports.cli import CsvImportCommand


class Command(CsvImportCommand, BaseCommand):
    help = "Load term dates and closure days: CSV type,starts_on,ends_on,description."
    importer = staticmethod(calendar_import)
    kind = "calendar"
