import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from advice.services import advice_anonymise_expired
from authorities.models import LocalAuthority
from core.actors import SYSTEM


class Command(BaseCommand):
    help = (
        "Anonymise advice requests closed longer ago than each LA's retention period "
        "(advice_retention_years). Run it daily from the scheduler."
    )

    def add_arguments(self, parser):
        parser.add_argument("--la", help="one LA's code (default: every LA)")
        parser.add_argument("--on", help="the day to count back from (YYYY-MM-DD; default today)")

    def handle(self, *args, la, on, **options):
        try:
            today = datetime.date.fromisoformat(on) if on else timezone.localdate()
        except ValueError:
            raise CommandError(f"--on {on!r} is not a date YYYY-MM-DD") from None
        las = LocalAuthority.objects.filter(code=la) if la else LocalAuthority.objects.all()
        if la and not las.exists():
            raise CommandError(f"No LA with code {la}")
        for each in las:
            done = advice_anonymise_expired(la=each, today=today, actor=SYSTEM)
            self.stdout.write(f"{each.code}: {done} request{'s' * (done != 1)} anonymised")
