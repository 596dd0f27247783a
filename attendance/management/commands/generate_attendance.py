from django.core.management.base import BaseCommand, CommandError

from attendance.generate import attendance_generate
from core.actors import SYSTEM
from core.cli import date_arg, la_arg


class Command(BaseCommand):
    help = "Write realistic synthetic marks for the children on the roll (demo and benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--la", required=True)
        parser.add_argument("--from", dest="start", required=True, type=date_arg)
        parser.add_argument("--to", dest="end", required=True, type=date_arg)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, la, start, end, seed, **options):
        if end < start:
            raise CommandError("--to must be on or after --from.")
        result = attendance_generate(la=la_arg(la), start=start, end=end, seed=seed, actor=SYSTEM)
        self.stdout.write(
            f"{result.children} children: {result.marks.created} marks created, "
            f"{result.marks.updated} updated, {result.marks.unchanged} unchanged; "
            f"{result.suspensions} suspensions."
        )
