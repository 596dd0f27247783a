from django.core.management.base import BaseCommand
from django.utils import timezone

from core.kept import kept_rebuild, kept_warm
from funding.allocation import eligible_counts_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the state the pages read (attendance alerts, the attendance cohort's lines, PEPs "
        "due, children without a place, PP+ eligible counts) "
        "from the facts, for today, then work out the figures most pages open with (each LA's "
        "dashboard and school rows). Run it daily after midnight: the calendar alone changes it."
    )

    def handle(self, *args, **options):
        for what, rows in kept_rebuild(timezone.localdate()).items():
            self.stdout.write(f"{what}: {rows} rows kept")
        self.stdout.write(f"PP+ eligible children: {eligible_counts_rebuild()}")
        today = timezone.localdate()
        self.stdout.write(f"Figures worked out: {kept_warm(today)}")
