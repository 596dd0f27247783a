from django.core.management.base import BaseCommand

from attendance.importers.exclusions import exclusions_import
from imports.cli import CsvImportCommand


class Command(CsvImportCommand, BaseCommand):
    help = "Import exclusions: child_id,type,start_date,sessions,reasons[,urn,provision_from]."
    importer = staticmethod(exclusions_import)
    kind = "exclusions"
