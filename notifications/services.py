"""Telling schools about new starters: email to each designated teacher with an account, and a
printable letter to the headteacher. Each is recorded once per placement (safe to run twice)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from accounts.models import RoleAssignment
from accounts.roles import Role
from children.models import EducationPlacement
from core.actors import as_user
from notifications.models import SchoolNotification


@transaction.atomic
def school_notify_new_starter(*, placement: EducationPlacement, actor) -> int:
    """Returns how many notifications were made now (0 if all were made before)."""
    school = placement.school
    if school is None:
        return 0
    made = 0
    for teacher in _designated_teachers(school):
        made += _email_teacher(placement, teacher, actor)
    _, created = SchoolNotification.objects.get_or_create(
        placement=placement,
        recipient=SchoolNotification.Recipient.HEADTEACHER,
        recipient_email="",
        method=SchoolNotification.Method.LETTER,
        defaults={
            "child": placement.child,
            "school": school,
            "created_by": as_user(actor),
            "recipient_name": school.head_name or "The headteacher",
        },
    )
    return made + int(created)


def _designated_teachers(school):
    return [
        a.user
        for a in RoleAssignment.objects.filter(
            role=Role.DESIGNATED_TEACHER, school=school, user__is_active=True
        ).select_related("user")
    ]


def _email_teacher(placement, teacher, actor) -> int:
    _, created = SchoolNotification.objects.get_or_create(
        placement=placement,
        recipient=SchoolNotification.Recipient.DESIGNATED_TEACHER,
        recipient_email=teacher.email,
        method=SchoolNotification.Method.EMAIL,
        defaults={
            "child": placement.child,
            "school": placement.school,
            "created_by": as_user(actor),
            "recipient_name": teacher.get_full_name(),
        },
    )
    if created:
        # No name in the email: it says where to look, and the record is behind sign-in + MFA.
        link = settings.SITE_URL.rstrip("/") + reverse("children:detail", args=[placement.child_id])
        transaction.on_commit(
            lambda: send_mail(
                subject="A looked-after child has joined your school",
                message=(
                    f"A child looked after by {placement.child.la.name} started at "
                    f"{placement.school.name} on {placement.started_on:%d %B %Y}.\n\n"
                    f"Sign in to see who they are and what they need:\n{link}\n"
                ),
                from_email=None,
                recipient_list=[teacher.email],
            )
        )
    return int(created)
