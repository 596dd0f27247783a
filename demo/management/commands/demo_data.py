from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from children.models import Child
from demo.builder import DEMO_PASSWORD, demo_accounts, demo_build


class Command(BaseCommand):
    help = "Build a synthetic Virtual School: schools, children, and a sign-in for every role."

    def add_arguments(self, parser):
        parser.add_argument("--la", default="330", help="LA code (default 330)")
        parser.add_argument("--children", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--as-of",
            type=date.fromisoformat,
            default=None,
            help="Reference date YYYY-MM-DD (default today)",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if any child is already stored"
        )

    def handle(self, *args, la, children, seed, as_of, if_empty, **options):
        if not (la.isdigit() and len(la) == 3):
            raise CommandError("--la must be a 3-digit DfE LA code, e.g. 330")
        if children < 0 or children > 200_000:
            raise CommandError("--children must be between 0 and 200000")
        if if_empty and Child.objects.exists():
            self.stdout.write("Demo data not loaded: the database already holds children.")
            self._print_accounts()
            return
        self.stdout.write(f"Building the demo LA {la} ({children} children), stage by stage:")
        result = demo_build(
            la_code=la, children=children, seed=seed, as_of=as_of or timezone.localdate(),
            say=lambda line: (self.stdout.write(line), self.stdout.flush()),
        )  # fmt: skip
        self.stdout.write(
            f"{result.la}: {result.schools} schools, {result.children} children, "
            f"{result.marks} attendance marks, {result.peps} PEPs, "
            f"{result.pp_requests} Pupil Premium Plus requests."
        )
        self._print_accounts()

    def _print_accounts(self):
        self.stdout.write(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD})")
        self.stdout.write("Add an account's secret to an authenticator app, or print a current")
        self.stdout.write("code with: python manage.py demo_code EMAIL\n")
        for a in demo_accounts():
            self.stdout.write(f"  {a.email:<50} {a.role} ({a.where})  TOTP secret {a.totp_secret}")
