from django.core.management.base import BaseCommand

from attendance.importers.marks import attendance_import
from imports.cli import CsvImportCommand


class Command(CsvImportCommand, BaseCommand):
    help = "Import daily AM/PM marks: child_id,date,session,code[,urn]. All-or-nothing."
    importer = staticmethod(attendance_import)
    kind = "attendance"
