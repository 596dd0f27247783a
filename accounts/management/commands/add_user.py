from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import services
from accounts.roles import ROLES_NEEDING_SCHOOL, Role
from authorities.models import LocalAuthority
from core.actors import SYSTEM
from schools.models import School


class Command(BaseCommand):
    help = (
        "Create or update an account, give it a role, and print a one-time sign-in link. "
        "Safe to run again: an existing role is left as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--la", help="LA code the role is held in (every role but DT)")
        parser.add_argument("--school", type=int, help="School URN (designated teacher)")
        parser.add_argument("--name", default="", help="Full name")
        parser.add_argument(
            "--base-url",
            default=settings.SITE_URL,
            help="Where the service is served, for the link (default: $SITE_URL)",
        )

    def handle(self, *args, email, role, la, school, name, base_url, **options):
        la_obj, school_obj = self._target(role, la, school)
        try:
            with transaction.atomic():
                user, created = services.user_create_or_update(email=email, full_name=name)
                if name and user.full_name != name:
                    services.user_details_update(user=user, full_name=name)
                _, added = services.role_assign(
                    user=user, role=role, la=la_obj, school=school_obj, actor=SYSTEM
                )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        state = "Created" if created else "Updated"
        self.stdout.write(
            f"{state} {user.email}: {Role(role).label}{'' if added else ' (already held)'}"
        )
        link = services.sign_in_link(user=user, base_url=base_url)
        self.stdout.write(f"One-time sign-in link (choose a password, then set up MFA):\n{link}")

    def _target(self, role, la, school):
        if role in ROLES_NEEDING_SCHOOL:
            if school is None or la:
                raise CommandError(f"--role {role} needs --school URN and no --la.")
            found = School.objects.filter(urn=school).first()
            if found is None:
                raise CommandError(f"No school with URN {school}. Import GIAS first.")
            return None, found
        if not la or school is not None:
            raise CommandError(f"--role {role} needs --la CODE and no --school.")
        found_la = LocalAuthority.objects.filter(code=la).first()
        if found_la is None:
            raise CommandError(f"No local authority with code {la}. Run setup_la first.")
        return found_la, None
