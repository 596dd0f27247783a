"""Who does what with enrichment: the development officer, VSH and team managers run the
programme; the people who may see a child (social worker, carer, education support advisor,
designated teacher) book them; a partner's staff see only their organisation's bookings, and
of each child only enrichment.rules.partner_view."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.roles import LINKED_ROLES, Capability, Role
from accounts.selectors import la_ids_with, la_ids_with_whole_roll, user_roles
from core.actors import is_system
from enrichment.models import Activity

LINKED_OR_SCHOOL = LINKED_ROLES | {Role.DESIGNATED_TEACHER}
BOOKERS = {"social_worker", "carer", "education_support_advisor", "designated_teacher"}


def enrichment_la_ids(user) -> set[int]:
    return la_ids_with(user, Capability.MANAGE_ENRICHMENT)


def may_manage(user, la_id: int) -> bool:
    return is_system(user) or la_id in enrichment_la_ids(user)


def may_book(user, child) -> bool:
    from children.access import child_roles

    return may_manage(user, child.la_id) or bool(child_roles(user, child) & BOOKERS)


def activities_for(user) -> QuerySet[Activity]:
    """The programme of the LAs whose children the user works with, and their partner's."""
    from children.models import Child

    la_ids = set(enrichment_la_ids(user)) | la_ids_with_whole_roll(user)
    if user_roles(user) & LINKED_OR_SCHOOL:  # their children's LAs: a scan of few children
        la_ids |= set(Child.objects.visible_to(user).values_list("la_id", flat=True).distinct())
    return Activity.objects.filter(Q(la_id__in=la_ids) | Q(partner__staff=user)).distinct()


def is_partner_staff(user, activity) -> bool:
    return activity.partner_id is not None and activity.partner.staff.filter(pk=user.pk).exists()


def get_activity_for_user(user, pk) -> Activity:
    found = activities_for(user).filter(pk=pk).select_related("partner", "la").first()
    if found is None:
        raise Http404("No such activity")
    return found
