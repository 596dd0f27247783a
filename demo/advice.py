"""Demo advice requests (answered, waiting, one overdue, one closed) and a CIN census with an
education extract for the cohort figures, made as files in the DfE's layout and loaded through
the importers. A separate generator (seeded from the LA's code) so the rest of the demo's draws
stay as they were."""

from __future__ import annotations

import datetime
import random
import tempfile
from datetime import date
from pathlib import Path

from advice.models import TOPICS, AdviceRequest
from advice.services import advice_request_answer, advice_request_close, advice_request_create
from children.upn import upn_check_letter
from core.actors import SYSTEM
from cwsw.census import cin_census_import
from cwsw.education import education_import

DAY = datetime.timedelta(days=1)
QUESTIONS = (
    "Our adopted son starts secondary school in September: how do we tell the school?",
    "Can the school use Pupil Premium Plus for our granddaughter's tutoring?",
    "She has had three suspensions this term; what can we ask the school for?",
    "How do we ask for an EHC needs assessment?",
    "What training is there for staff on attachment and trauma?",
)


def demo_advice_and_cwsw(la, as_of: date, *, cin_children: int = 300) -> int:
    rng = random.Random(int(la.code))
    if not AdviceRequest.objects.filter(la=la).exists():
        _requests(rng, la, as_of)
    return AdviceRequest.objects.filter(la=la).count() + _census(rng, la, as_of, cin_children)


def _requests(rng, la, as_of: date) -> None:
    kinds = [k for k, _ in AdviceRequest.Requester.choices]
    for n in range(10):
        received = as_of - DAY * (3 + 4 * n)
        made = advice_request_create(
            la=la,
            received_on=received,
            actor=SYSTEM,
            data={
                "channel": rng.choice(["phone", "email", "form"]),
                "requester_type": kinds[n % len(kinds)],
                "order_type": rng.choice(["adoption", "sgo", "cao", "not_known"]),
                "phase": rng.choice(["early_years", "primary", "secondary"]),
                "topics": rng.sample([t for t, _ in TOPICS], 2),
                "question": QUESTIONS[n % len(QUESTIONS)],
            },
        )
        if n % 3 == 1 or n >= 6:  # the most recent ones wait; one older one is overdue
            continue
        answered = received + DAY * rng.randint(1, 9)
        advice_request_answer(
            request=made,
            day=min(answered, as_of),
            advice="Talked it through",
            signposted_to="SENDIASS",
            actor=SYSTEM,
        )
        if n % 2 == 0:
            advice_request_close(request=made, day=min(answered + DAY, as_of), actor=SYSTEM)


def _upn(la, n: int) -> str:
    body = f"{la.code}{(n % 90) + 10:02d}{n:07d}"
    return upn_check_letter(body) + body


def _census(rng, la, as_of: date, count: int) -> int:
    with tempfile.TemporaryDirectory() as folder:
        xml, csv = Path(folder) / "cin.xml", Path(folder) / "education.csv"
        xml.write_text(_census_xml(rng, la, as_of, count))
        csv.write_text(_education_csv(rng, la, as_of, count))
        loaded = cin_census_import(path=xml, la=la, actor=SYSTEM)
        education_import(path=csv, la=la, actor=SYSTEM)
    return loaded.counts.get("children", {}).get("created", 0)


def _census_xml(rng, la, as_of: date, count: int) -> str:
    out = [f"<Message><Header><Source><LEA>{la.code}</LEA></Source></Header><Children>"]
    for n in range(count):
        born = as_of - DAY * rng.randint(200, 6200)
        start = as_of - DAY * rng.randint(10, 2400)
        end = start + DAY * rng.randint(30, 700) if rng.random() < 0.55 else None
        closure = f"<CINclosureDate>{end}</CINclosureDate>" if end and end < as_of else ""
        plan = (
            (
                f"<ChildProtectionPlans><CPPstartDate>{start + DAY * 20}</CPPstartDate>"
                "</ChildProtectionPlans>"
            )
            if rng.random() < 0.2 and not closure
            else ""
        )
        out.append(
            f"<Child><ChildIdentifiers><LAchildID>D{n:05d}</LAchildID><UPN>{_upn(la, n)}"
            f"</UPN><PersonBirthDate>{born}</PersonBirthDate></ChildIdentifiers><CINdetails>"
            f"<CINreferralDate>{start}</CINreferralDate><PrimaryNeedCode>N{rng.randint(1, 8)}"
            f"</PrimaryNeedCode>{closure}{plan}</CINdetails></Child>"
        )
    return "".join(out) + "</Children></Message>"


def _education_csv(rng, la, as_of: date, count: int) -> str:
    from children.roll.rules import school_year

    year = school_year(as_of)
    lines = [
        "upn,year,sessions_possible,sessions_authorised,sessions_unauthorised,suspensions,"
        "permanent_exclusion,ks2_rwm_expected,ks4_attainment8"
    ]
    for n in range(count):
        missed = int(rng.betavariate(1.2, 9) * 300)
        ks2 = rng.choice(["Y", "N", "N", ""])
        a8 = f"{rng.uniform(5, 60):.1f}" if rng.random() < 0.2 else ""
        lines.append(
            f"{_upn(la, n)},{year},300,{missed // 2},{missed - missed // 2},"
            f"{rng.choice([0, 0, 0, 1, 2])},{'Y' if rng.random() < 0.01 else 'N'},{ks2},{a8}"
        )
    return "\n".join(lines) + "\n"
