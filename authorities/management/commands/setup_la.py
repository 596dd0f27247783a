from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from authorities.services import local_authority_setup
from core.actors import SYSTEM


class Command(BaseCommand):
    help = "Create or update a local authority (one Virtual School). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--code", required=True, help="DfE 3-digit LA code, e.g. 330")
        parser.add_argument("--name", required=True, help='LA name, e.g. "Birmingham"')

    def handle(self, *args, code, name, **options):
        try:
            la, changed = local_authority_setup(code=code.strip(), name=name.strip(), actor=SYSTEM)
        except ValidationError as exc:
            raise CommandError(
                "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
            ) from exc
        verb = "Saved" if changed else "Unchanged:"
        self.stdout.write(f"{verb} {la}")
