"""Enrichment and post-16 in the API: activities (the programme a person may see), an
activity's bookings (a partner's staff get only what they need to run it, as on the register
page: enrichment.rules.partner_view), and post-16 status (this month's check for each young
person in Years 12 and 13 the person may see). Every list of children is in the access log."""

from __future__ import annotations

from datetime import date

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from api.pagination import LoggedPagination
from audit.services import child_list_viewed
from enrichment.access import (
    activities_for,
    enrichment_la_ids,
    get_activity_for_user,
    is_partner_staff,
    may_manage,
)
from enrichment.models import Booking, Post16Check
from enrichment.post16_views import post16_rows
from enrichment.rules import partner_view, register_day
from post16.access import staff_la_ids

router = Router(tags=["enrichment and post-16"])


class ActivityOut(Schema):
    id: int
    title: str
    category: str
    partner: str | None
    starts_on: date
    ends_on: date
    place: str
    where: str
    capacity: int
    min_year: int
    max_year: int
    groups: list[str]

    @staticmethod
    def resolve_partner(activity) -> str | None:
        return activity.partner.name if activity.partner_id else None


class BookingOut(Schema):
    """The register's row. `child_id` is null for a partner's staff, who never see who the
    child is beyond a first name."""

    id: int
    status: str
    attended: bool | None
    child_id: int | None
    first_name: str
    age: int
    needs: str
    emergency_contact: str
    photographs: bool
    uses: list[str]
    not_identifiable: bool


class Post16StatusOut(Schema):
    child_id: int
    la_child_id: str
    month: date
    activity: Post16Check.Activity | None
    neet_reason: str
    provider: str

    @staticmethod
    def resolve_child_id(child) -> int:
        return child.pk

    @staticmethod
    def resolve_month(child) -> date:
        return timezone.localdate().replace(day=1)

    @staticmethod
    def resolve_activity(child) -> str | None:
        return child.this_month

    @staticmethod
    def resolve_neet_reason(child) -> str:
        return child.check_reason or ""

    @staticmethod
    def resolve_provider(child) -> str:
        return child.check_provider or ""


@router.get("/enrichment/activities", response=list[ActivityOut])
@paginate(LimitOffsetPagination)
def list_activities(request):
    """The programme you may see, latest first (no children are named)."""
    return activities_for(request.user).select_related("partner").order_by("-starts_on", "pk")


@router.get("/enrichment/activities/{activity_id}/bookings", response=list[BookingOut])
def list_bookings(request, activity_id: int):
    """The activity's live bookings: all for the programme's staff and the partner running it;
    a booker sees only the children they may see."""
    from children.models import Child

    activity = get_activity_for_user(request.user, activity_id)
    manager = may_manage(request.user, activity.la_id)
    partner = is_partner_staff(request.user, activity) and not manager
    found = activity.bookings.exclude(status=Booking.Status.CANCELLED).select_related("child")
    if not (manager or partner):
        found = found.filter(child__in=Child.objects.visible_to(request.user))
    bookings = list(found.order_by("booked_at", "pk"))
    child_list_viewed(request, f"enrichment activity {activity.pk}", [b.child_id for b in bookings])
    day = register_day(activity, timezone.localdate())
    return [_booking(b, day, partner) for b in bookings]


def _booking(booking, day: date, partner: bool) -> dict:
    return {
        "id": booking.pk,
        "status": booking.status,
        "attended": booking.attended,
        "child_id": None if partner else booking.child_id,
        **partner_view(booking, day),
    }


@router.get("/post-16/status", response=list[Post16StatusOut])
@paginate(LoggedPagination)
def post16_status(request):
    """Young people in Years 12 and 13 you may see (an advisor: their caseload), NEET this month
    first, with this month's check (activity null: not checked yet)."""
    today = timezone.localdate()
    found = post16_rows(request.user, today)
    if not enrichment_la_ids(request.user) and not staff_la_ids(request.user):
        raise HttpError(403, "Your roles do not include post-16 activity")
    month = Post16Check.objects.filter(child=OuterRef("pk"), month=today.replace(day=1))
    return found.annotate(
        check_reason=Subquery(month.values("neet_reason")[:1]),
        check_provider=Subquery(month.values("provider")[:1]),
    )
