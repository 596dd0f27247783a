"""The school search for a placement officer: GIAS's open schools filtered in the database by
name or town, LA, phase, the child's age, who admits, the council's choice guidance and SEN
provision; with a postcode from the ONS directory, nearest first by grid distance."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from django.db.models import BigIntegerField, Count, ExpressionWrapper, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce

from school_places.models import Postcode
from school_places.rules import ACADEMY_WORDS, admission_authority, against_guidance
from schools.models import School

OPEN = (School.Status.OPEN, School.Status.OPEN_PROPOSED_TO_CLOSE)


@dataclass
class SchoolHit:
    school: School
    authority: str
    may_direct: bool
    outside_guidance: bool
    km: float | None
    ours: int


def postcode_point(raw: str) -> tuple[int, int] | None:
    key = re.sub(r"\s+", "", raw or "").upper()
    return Postcode.objects.filter(postcode=key).values_list("easting", "northing").first()


def academy_q() -> Q:
    words = Q()
    for word in ACADEMY_WORDS:
        words |= Q(type_group__icontains=word) | Q(type_of_establishment__icontains=word)
    return words


def search_schools(data: dict, la, point: tuple[int, int] | None):
    found = School.objects.filter(status__in=OPEN)
    if data.get("name"):
        found = found.filter(Q(name__icontains=data["name"]) | Q(town__icontains=data["name"]))
    for field in ("la_code", "phase"):
        if data.get(field):
            found = found.filter(**{field: data[field]})
    if data.get("age") is not None:
        age = data["age"]
        found = found.filter(statutory_low_age__lte=age, statutory_high_age__gte=age)
    if data.get("authority"):
        found = (
            found.filter(academy_q())
            if data["authority"] == "academy"
            else found.exclude(academy_q())
        )
    if data.get("good"):
        found = found.filter(_accepted_q(la))
    if data.get("sen"):
        found = found.exclude(sen_provision=[])
    return _ordered(found.annotate(ours=_ours(la)), point)


def _accepted_q(la) -> Q:
    accepted = Q()
    for word in (w.strip() for w in la.school_choice_accepted.split(",") if w.strip()):
        accepted |= Q(ofsted_rating__iexact=word)
    return accepted


def _ours(la):
    """Children of this LA with an open placement at the school today."""
    from children.models import EducationPlacement

    placements = EducationPlacement.objects.filter(
        school=OuterRef("pk"), child__la=la, ended_on__isnull=True
    )
    counted = placements.order_by().values("school").annotate(n=Count("child", distinct=True))
    return Coalesce(Subquery(counted.values("n")[:1]), 0)


def _ordered(found, point):
    if point is None:
        return found.order_by("name", "urn")
    east, north = point
    # Metres squared: beyond a 32-bit integer across England, so computed in 64 bits.
    dx = Cast("easting", BigIntegerField()) - east
    dy = Cast("northing", BigIntegerField()) - north
    distance = ExpressionWrapper(dx * dx + dy * dy, output_field=BigIntegerField())
    found = found.filter(easting__isnull=False, northing__isnull=False)
    return found.annotate(d2=distance).order_by("d2", "urn")


def hits(schools, la) -> list[SchoolHit]:
    rows = []
    for school in schools:
        authority, may_direct = admission_authority(school)
        d2 = getattr(school, "d2", None)
        km = round(math.sqrt(d2) / 1000, 1) if d2 is not None else None
        rows.append(
            SchoolHit(school, authority, may_direct, against_guidance(la, school), km, school.ours)
        )
    return rows
