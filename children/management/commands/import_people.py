from django.core.management.base import BaseCommand

from children.importers.people import people_import
from imports.cli import CsvImportCommand


class Command(CsvImportCommand, BaseCommand):
    help = "Load children's names and their social worker, IRO and carer (CSV)."
    importer = staticmethod(people_import)
    kind = "people"
