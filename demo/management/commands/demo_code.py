from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.core.management.base import BaseCommand, CommandError

from accounts.totp import totp_code_now
from demo.builder import DEMO_EMAIL_DOMAIN


class Command(BaseCommand):
    help = "Print the current authenticator code of a demo account (demo accounts only)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        if not email.lower().endswith("@" + DEMO_EMAIL_DOMAIN):
            raise CommandError(f"Only demo accounts (@{DEMO_EMAIL_DOMAIN}) have printable codes.")
        auth = Authenticator.objects.filter(
            user__email__iexact=email, type=Authenticator.Type.TOTP
        ).first()
        if auth is None:
            raise CommandError(f"{email} has no authenticator. Run demo_data first.")
        self.stdout.write(totp_code_now(decrypt(auth.data["secret"])))
