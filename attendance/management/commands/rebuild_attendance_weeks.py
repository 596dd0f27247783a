from django.core.management.base import BaseCommand
from django.db import transaction

from attendance.writer import weeks_rebuild


class Command(BaseCommand):
    help = "Recount the weekly attendance tallies from the marks (after a manual repair)."

    def handle(self, *args, **options):
        with transaction.atomic():
            rows = weeks_rebuild()
        self.stdout.write(f"{rows} weekly tallies written.")
