from django.core.management.base import BaseCommand
from django.utils import timezone

from attendance.kept_alerts import alerts_rebuild
from funding.allocation import eligible_counts_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the state the pages read (attendance alerts, PP+ eligible counts) from the "
        "facts, for today. Run it daily after midnight: the calendar alone changes alerts."
    )

    def handle(self, *args, **options):
        alerts = alerts_rebuild(timezone.localdate())
        eligible = eligible_counts_rebuild()
        self.stdout.write(f"{alerts} attendance alerts kept; {eligible} PP+ eligible children")
