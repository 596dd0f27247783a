from django.core.management.base import BaseCommand
from django.db import transaction

from attendance.writer import tallies_rebuild
from authorities.models import LocalAuthority
from core.cli import la_arg


class Command(BaseCommand):
    help = "Recount the weekly and termly attendance tallies from the marks (after a repair)."

    def add_arguments(self, parser):
        parser.add_argument("--la", help="one LA's code (default: every LA)")

    def handle(self, *args, la, **options):
        authorities = [la_arg(la)] if la else list(LocalAuthority.objects.all())
        for authority in authorities:
            with transaction.atomic():
                rows = tallies_rebuild(la=authority)
            self.stdout.write(f"{authority}: {rows} tally rows written.")
