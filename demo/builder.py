"""A believable synthetic Virtual School, the same every time for the same seed and date.

Schools are in GIAS shape, inside and outside the LA; children span every age from funded
early years to Year 13 and every SSDA903 legal status (including V3/V4 short breaks and children
who have left care); every role has a demo sign-in. Later issues add their own domain here.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.utils import encrypt
from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from authorities.models import LocalAuthority
from children.models import CareEpisode, Child, ChildRelationship, EducationPlacement, SdqScore
from children.upn import upn_check_letter, upn_is_valid
from core.actors import SYSTEM
from demo.funding import demo_funding
from demo.names import BOYS, FORENAMES, GIRLS, SCHOOL_SUFFIXES, SURNAMES, TOWN_WORDS
from demo.peps import demo_peps
from demo.roll import demo_roll_extras
from schools.models import School

DEMO_EMAIL_DOMAIN = "demo.invalid"
DEMO_PASSWORD = "demo-virtual-school-2026"
KNOWN_LAS = {
    "330": "Birmingham",
    "331": "Coventry",
    "332": "Dudley",
    "333": "Sandwell",
    "334": "Solihull",
    "335": "Walsall",
    "336": "Wolverhampton",
    "885": "Worcestershire",
}
# Legal statuses with rough national weights, so the demo roll looks like a real one.
LEGAL_STATUSES = [
    ("C2", 55),
    ("C1", 12),
    ("V2", 14),
    ("E1", 4),
    ("D1", 2),
    ("J1", 1),
    ("J2", 1),
    ("J3", 1),
    ("L1", 1),
    ("L2", 1),
    ("L3", 1),
    ("V3", 4),
    ("V4", 3),
]
PLACEMENTS = ["U1", "U2", "U3", "U4", "U5", "U6", "K2", "R1", "R2", "P1", "H5", "S1", "Z1"]
PHASES = [
    ("Nursery", "Local authority nursery school", 3, 5),
    ("Primary", "Community school", 4, 11),
    ("Primary", "Academy converter", 4, 11),
    ("Secondary", "Academy converter", 11, 16),
    ("Secondary", "Foundation school", 11, 18),
    ("All-through", "Free schools", 4, 18),
    ("Not applicable", "Community special school", 5, 19),
    ("Not applicable", "Pupil referral unit", 11, 16),
    ("16 plus", "Further education", 16, 99),
]


@dataclass
class DemoAccount:
    email: str
    role: str
    where: str
    totp_secret: str


@dataclass
class DemoResult:
    la: LocalAuthority
    schools: int = 0
    children: int = 0
    accounts: list[DemoAccount] = field(default_factory=list)
    marks: int = 0
    peps: int = 0
    pp_requests: int = 0


def valid_upn(rng: random.Random, la_code: str) -> str:
    body = (
        f"{la_code}{rng.randint(1000, 7999):04d}{rng.randint(10, 26):02d}{rng.randint(0, 999):03d}"
    )
    return upn_check_letter(body) + body


@transaction.atomic
def demo_build(
    *, la_code: str, children: int, seed: int, as_of: date, say: Callable[[str], None] | None = None
) -> DemoResult:
    """The demo LA, built in one transaction. `say` hears a line as each stage ends."""
    rng = random.Random(seed)
    stage = _Stages(say)
    la, _ = LocalAuthority.objects.get_or_create(
        code=la_code, defaults={"name": KNOWN_LAS.get(la_code, f"Local authority {la_code}")}
    )
    result = DemoResult(la=la)
    schools = _schools(rng, la_code, max(12, children // 12))
    result.schools = len(schools)
    kids = _children(rng, la, children, as_of)
    result.children = len(kids)
    stage(f"{len(schools)} schools, {len(kids)} children")
    _episodes(rng, kids, as_of)
    _education(rng, kids, schools, as_of)
    _sdq(rng, kids, as_of)
    stage("care episodes, school placements and SDQ scores")
    result.accounts = _accounts(rng, la, kids, schools, as_of)
    demo_roll_extras(rng, la, kids, schools, as_of)
    _sen(rng, kids, as_of)
    stage(f"{len(result.accounts)} sign-ins, SEN and the roll's extras")
    result.marks = _attendance(la, seed, as_of)
    stage(f"{result.marks} attendance marks")
    result.peps = demo_peps(rng, la, as_of)
    stage(f"{result.peps} PEPs")
    result.pp_requests = demo_funding(rng, la, as_of)
    stage(f"{result.pp_requests} Pupil Premium Plus requests")
    from demo.schools import demo_school_work

    placed = demo_school_work(rng, la, as_of)
    stage(f"{placed} schools in areas, designated teachers, visits, events, self-evaluations")
    from demo.school_places import demo_school_places

    stage(f"{demo_school_places(rng, la, as_of)} school place cases")
    from demo.school_places import demo_packages_and_transfers

    stage(f"{demo_packages_and_transfers(la, as_of)} education packages and EHCP transfers")
    from demo.advice import demo_advice_and_cwsw

    stage(f"{demo_advice_and_cwsw(la, as_of)} advice requests and children in the CIN census")
    from demo.enrichment import demo_enrichment

    stage(f"{demo_enrichment(la, as_of)} enrichment activities and post-16 checks")
    from demo.post16 import demo_post16

    stage(f"{demo_post16(la, as_of)} post-16 plans and Post-16 Pupil Premium Plus requests")
    from core.kept import kept_forget

    kept_forget(la)  # built in bulk: what the pages keep is worked out by the first reader
    return result


class _Stages:
    """Tells `say` what each stage made and how long it took."""

    def __init__(self, say):
        self.say, self.last = say, time.perf_counter()

    def __call__(self, what: str) -> None:
        now = time.perf_counter()
        if self.say:
            self.say(f"  {what} ({now - self.last:.1f} s)")
        self.last = now


NEEDS = ["SEMH"] * 8 + ["SLCN"] * 3 + ["MLD"] * 3 + ["ASD"] * 3 + ["SpLD", "OTH", "PD"]


def _sen(rng: random.Random, kids: list[Child], as_of: date) -> None:
    """About half of children in care have SEN (DfE: roughly as many with EHC plans as with
    SEN support); some have an EHC needs assessment under way, a few of them overdue."""
    from sen.models import EhcpAssessment, SenStatus

    statuses, assessments = [], []
    for child in kids:
        draw = rng.random()
        level = "E" if draw < 0.25 else ("K" if draw < 0.55 else "N")
        needs = rng.sample(NEEDS, 2) if level != "N" else ["", ""]
        secondary = needs[1] if needs[1] != needs[0] and rng.random() < 0.4 else ""
        share = level != "N" and rng.random() < 0.3
        statuses.append(
            SenStatus(
                child=child,
                level=level,
                primary_need=needs[0],
                secondary_need=secondary,
                share_with_school=share,
                share_reason="Agreed at the PEP meeting: the school plans support" if share else "",
                decided_on=as_of - timedelta(days=rng.randint(10, 300)) if share else None,
            )
        )
        if level == "K" and rng.random() < 0.12:
            requested = as_of - timedelta(days=rng.randint(7, 200))
            weeks = (as_of - requested).days // 7
            decided = requested + timedelta(weeks=rng.randint(4, 8)) if weeks >= 8 else None
            assessments.append(
                EhcpAssessment(
                    child=child,
                    requested_on=requested,
                    decision_on=decided,
                    decision="assess" if decided else "",
                )
            )
    SenStatus.objects.bulk_create(statuses, batch_size=2000)
    EhcpAssessment.objects.bulk_create(assessments, batch_size=2000)


def _attendance(la: LocalAuthority, seed: int, as_of: date) -> int:
    """A typical calendar for last, this and next school year, and marks since last September."""
    from attendance.generate import attendance_generate
    from authorities.terms import calendar_set_typical
    from children.roll.rules import school_year

    year = school_year(as_of)
    calendar_set_typical(la=la, years=[year - 1, year, year + 1])
    start = date(year - 1, 9, 1)
    return attendance_generate(la=la, start=start, end=as_of, seed=seed, actor=SYSTEM).marks.created


def _schools(rng: random.Random, la_code: str, count: int) -> list[School]:
    others = [c for c in KNOWN_LAS if c != la_code]
    rows = []
    for i in range(count):
        in_la = i % 4 != 3  # about a quarter of children are placed out of the LA
        code = la_code if in_la else others[i % len(others)]
        phase, kind, low, high = PHASES[i % len(PHASES)]
        name = f"{rng.choice(TOWN_WORDS)} {rng.choice(SCHOOL_SUFFIXES)} {_school_word(phase, kind)}"
        rows.append(
            School(
                urn=100000 + seed_offset(la_code) + i,
                la_code=code,
                la_name=KNOWN_LAS.get(code, ""),
                establishment_number=f"{2000 + i:04d}",
                name=name,
                type_of_establishment=kind,
                phase=phase,
                type_group="Special schools"
                if "special" in kind
                else "Local authority maintained schools",
                status=School.Status.OPEN,
                statutory_low_age=low,
                statutory_high_age=high,
                street=f"{rng.randint(1, 200)} {rng.choice(TOWN_WORDS)} Road",
                town=KNOWN_LAS.get(code, "Town"),
                postcode=f"B{rng.randint(1, 99)} {rng.randint(1, 9)}ZZ",
                head_title=rng.choice(["Mr", "Mrs", "Ms", "Dr"]),
                head_first_name=rng.choice(FORENAMES),
                head_last_name=rng.choice(SURNAMES),
                ofsted_rating=rng.choice(["Outstanding", "Good", "Good", "Requires improvement"]),
                sen_provision=["SEMH", "ASD"] if "special" in kind else [],
                # A grid reference near Birmingham from the URN (not the generator, whose
                # sequence every later draw depends on), for distances in the school search.
                easting=386000 + (100000 + seed_offset(la_code) + i) * 7919 % 40000,
                northing=266000 + (100000 + seed_offset(la_code) + i) * 104729 % 40000,
            )
        )
    School.objects.bulk_create(rows, ignore_conflicts=True)
    return list(School.objects.filter(urn__in=[r.urn for r in rows]).order_by("urn"))


def seed_offset(la_code: str) -> int:
    return int(la_code) * 1000


def _school_word(phase: str, kind: str) -> str:
    if "referral" in kind:
        return "Learning Centre"
    if "special" in kind:
        return "School"
    return {
        "Nursery": "Nursery School",
        "Primary": "Primary School",
        "Secondary": "Academy",
        "All-through": "School",
        "16 plus": "College",
    }.get(phase, "School")


def _children(rng: random.Random, la: LocalAuthority, count: int, as_of: date) -> list[Child]:
    start = Child.objects.filter(la=la).count()
    rows = []
    for n in range(count):
        age_days = rng.randint(int(2.5 * 365), int(18.4 * 365))
        sex = rng.choice([Child.Sex.MALE, Child.Sex.FEMALE])
        upn = valid_upn(rng, la.code)
        if rng.random() < 0.04:
            upn = ("Z" if upn[0] != "Z" else "A") + upn[1:]  # a wrong check letter, as in real data
        rows.append(
            Child(
                la=la,
                la_child_id=f"D{start + n + 1:06d}",
                upn=upn,
                forename=rng.choice(GIRLS if sex == Child.Sex.FEMALE else BOYS),
                surname=rng.choice(SURNAMES),
                date_of_birth=as_of - timedelta(days=age_days),
                sex=sex,
                ethnicity=rng.choice(
                    ["WBRI", "WBRI", "WBRI", "MWBC", "BAFR", "ASPK", "AIND", "WOTH", "BCRB", "OOTH"]
                ),
                is_uasc=age_days > 14 * 365 and rng.random() < 0.15,
            )
        )
    for child in rows:
        child.upn_valid = upn_is_valid(child.upn)
    Child.objects.bulk_create(rows)
    return list(Child.objects.filter(la=la).order_by("la_child_id")[start:])


def _episodes(rng: random.Random, kids: list[Child], as_of: date) -> None:
    """One to three consecutive episodes; the last is open unless the child has left care."""
    statuses, weights = zip(*LEGAL_STATUSES, strict=True)
    rows = []
    for child in kids:
        entered = as_of - timedelta(days=rng.randint(20, 6 * 365))
        day = max(entered, child.date_of_birth + timedelta(days=30))
        count = rng.choice([1, 1, 1, 2, 2, 3])
        left_care = rng.random() < 0.08
        for i in range(count):
            last = i == count - 1
            span = (as_of - day).days
            if last:
                end = day + timedelta(days=rng.randint(1, max(1, span))) if left_care else None
            else:
                end = day + timedelta(days=rng.randint(1, max(1, span // 2)))
            rows.append(_episode(rng, child, day, end, i, statuses, weights, last))
            if end is None or end >= as_of:
                break
            day = end
    CareEpisode.objects.bulk_create(rows)
    from funding.allocation import eligible_counts_forget

    if kids:
        eligible_counts_forget(kids[0].la_id)


def _episode(rng, child, start, end, index, statuses, weights, last) -> CareEpisode:
    return CareEpisode(
        child=child,
        started_on=start,
        ended_on=end,
        reason_new_episode="S" if index == 0 else rng.choice("PLT"),
        legal_status=rng.choices(statuses, weights)[0],
        category_of_need=f"N{rng.randint(1, 8)}",
        placement_type=rng.choice(PLACEMENTS),
        placement_provider=f"PR{rng.randint(0, 5)}",
        reason_ceased=("E11" if last else "X1") if end else "",
        home_postcode=_postcode(rng),
        placement_postcode=_postcode(rng),
    )


def _postcode(rng: random.Random) -> str:
    # The ZZ inward code is never issued, so an invented postcode cannot be someone's home.
    return f"B{rng.randint(1, 99)} {rng.randint(1, 9)}ZZ"


def _age(child: Child, on: date) -> int:
    dob = child.date_of_birth
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def _education(rng: random.Random, kids: list[Child], schools: list[School], as_of: date) -> None:
    rows = []
    for child in kids:
        age = _age(child, as_of)
        fits = [
            s for s in schools if (s.statutory_low_age or 0) <= age <= (s.statutory_high_age or 99)
        ]
        if not fits or rng.random() < 0.03:
            rows.append(
                EducationPlacement(
                    child=child,
                    provision_type="none",
                    started_on=as_of - timedelta(days=rng.randint(1, 60)),
                )
            )
            continue
        school = rng.choice(fits)
        kind = (
            "alternative-provision"
            if "referral" in school.type_of_establishment
            else ("college" if school.phase == "16 plus" else "school")
        )
        rows.append(
            EducationPlacement(
                child=child,
                school=school,
                urn=school.urn,
                provision_type=kind,
                started_on=as_of - timedelta(days=rng.randint(1, 3 * 365)),
            )
        )
    EducationPlacement.objects.bulk_create(rows)


def _collection_year(day: date) -> int:
    """The SSDA903 year (ending 31 March) a date falls in, named by its end year."""
    return day.year + 1 if day.month >= 4 else day.year


def _sdq(rng: random.Random, kids: list[Child], as_of: date) -> None:
    rows = [
        SdqScore(
            child=c,
            collection_year=_collection_year(as_of),
            recorded_on=as_of - timedelta(days=rng.randint(10, 300)),
            score=min(40, max(0, int(rng.gauss(14, 7)))),
        )
        for c in kids
        if 4 <= _age(c, as_of) <= 16 and rng.random() < 0.75
    ]
    SdqScore.objects.bulk_create(rows)


def _accounts(rng, la, kids, schools, as_of) -> list[DemoAccount]:
    accounts = []
    # Hashed once for every account: the hasher takes most of a second by design, and the
    # password is the same published one for all of them.
    password = make_password(DEMO_PASSWORD)
    for role in Role:
        email = f"{role.value.replace('_', '-')}.{la.code}@{DEMO_EMAIL_DOMAIN}"
        user = _user(email, role.label, password)
        if role == Role.DESIGNATED_TEACHER:
            school = _busiest_school(schools, la)
            RoleAssignment.objects.get_or_create(user=user, role=role, school=school)
            where = school.name
        else:
            RoleAssignment.objects.get_or_create(user=user, role=role, la=la)
            where = la.name
        _link(rng, user, role, kids, as_of)
        accounts.append(DemoAccount(email, role.label, where, _totp(user, rng)))
    return accounts


def _user(email: str, label: str, password_hash: str) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": f"Demo {label}"})
    if created:
        user.password = password_hash
        user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"primary": True, "verified": True}
    )
    return user


def _busiest_school(schools: list[School], la: LocalAuthority) -> School:
    """The in-LA school with most children placed: the demo teacher has a class to see."""
    from django.db.models import Count

    in_la = [s.pk for s in schools if s.la_code == la.code] or [s.pk for s in schools]
    return (
        School.objects.filter(pk__in=in_la)
        .annotate(placed=Count("education_placements"))
        .order_by("-placed", "urn")
        .first()
    )


_LINK_KIND = {
    Role.SOCIAL_WORKER: (ChildRelationship.Kind.SOCIAL_WORKER, 25),
    Role.IRO: (ChildRelationship.Kind.IRO, 40),
    Role.CARER: (ChildRelationship.Kind.CARER, 2),
}


def _link(rng, user, role, kids, as_of) -> None:
    if role not in _LINK_KIND:
        return
    kind, count = _LINK_KIND[role]
    open_ids = set(
        CareEpisode.objects.filter(child__in=kids, ended_on__isnull=True).values_list(
            "child_id", flat=True
        )
    )
    looked_after = [c for c in kids if c.pk in open_ids]
    for child in rng.sample(looked_after, min(count, len(looked_after))):
        ChildRelationship.objects.get_or_create(
            child=child, user=user, kind=kind, defaults={"started_on": as_of - timedelta(days=30)}
        )


def _totp(user: User, rng: random.Random) -> str:
    """Enrol the demo account in TOTP with a secret from the seed, so the demo is repeatable."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    secret = "".join(rng.choice(alphabet) for _ in range(32))
    Authenticator.objects.update_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": encrypt(secret)}}
    )
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists():
        RecoveryCodes.activate(user)
    return secret


def demo_accounts() -> list[DemoAccount]:
    """The demo sign-ins stored now, with their TOTP secrets (demo accounts only)."""
    from allauth.mfa.utils import decrypt

    users = User.objects.filter(email__endswith="@" + DEMO_EMAIL_DOMAIN).prefetch_related(
        "role_assignments__la", "role_assignments__school"
    )
    totp = {
        a.user_id: decrypt(a.data["secret"])
        for a in Authenticator.objects.filter(user__in=users, type=Authenticator.Type.TOTP)
    }
    out = []
    for user in users:
        if not user.has_usable_password():
            continue  # colleagues on lists, not demo sign-ins
        for a in user.role_assignments.all():
            where = a.school.name if a.school else a.la.name
            out.append(DemoAccount(user.email, a.get_role_display(), where, totp.get(user.pk, "")))
    return out
