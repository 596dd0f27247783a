"""The advice service: the working-day clock (worked out here from GOV.UK's bank holidays),
consent before a child is named, the public form (a reference, nothing shown back, robots and
floods turned away), anonymisation after the LA's retention period, and the figures."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from advice.models import AdviceRequest
from advice.rules import response_due, response_working_days, working_days_left
from advice.services import (
    advice_anonymise_expired,
    advice_request_answer,
    advice_request_close,
    advice_request_create,
)
from core.actors import SYSTEM

pytestmark = pytest.mark.django_db
D = datetime.date
BASIC = {
    "channel": "phone",
    "requester_type": "adoptive_parent",
    "topics": ["admissions"],
    "question": "Which school has places?",
}


def test_the_answer_is_due_seven_working_days_after_the_request(world):
    # Thursday 21 May 2026: 22, 26, 27, 28, 29 May, 1, 2 June (25 May a bank holiday).
    assert response_due(world.la, D(2026, 5, 21)) == D(2026, 6, 2)
    # Wednesday 23 December 2026: 24, 29, 30, 31 Dec, 4, 5, 6 Jan (25, 28 Dec, 1 Jan holidays).
    assert response_due(world.la, D(2026, 12, 23)) == D(2027, 1, 6)
    world.la.advice_response_working_days = 10
    assert response_due(world.la, D(2026, 5, 21)) == D(2026, 6, 5)
    assert working_days_left(D(2026, 6, 2), D(2026, 5, 29)) == 2
    assert working_days_left(D(2026, 6, 2), D(2026, 6, 4)) == -2
    assert response_working_days(D(2026, 5, 22), D(2026, 5, 26)) == 1  # Friday, then Tuesday


def test_a_child_is_named_only_with_consent(world):
    with pytest.raises(ValidationError, match="consent"):
        advice_request_create(
            la=world.la,
            data={**BASIC, "child_name": "Sam"},
            received_on=D(2026, 5, 21),
            actor=SYSTEM,
        )
    named = advice_request_create(
        la=world.la,
        data={
            **BASIC,
            "child_name": "Sam",
            "consent_from": "Jo (adoptive parent)",
            "consent_on": D(2026, 5, 21),
        },
        received_on=D(2026, 5, 21),
        actor=SYSTEM,
    )
    assert named.child_name == "Sam" and named.due_on == D(2026, 6, 2)
    with pytest.raises(ValidationError, match="topic"):
        advice_request_create(
            la=world.la,
            data={**BASIC, "topics": ["astrology"]},
            received_on=D(2026, 5, 21),
            actor=SYSTEM,
        )


def _ask(client, la, **extra):
    from django.core import signing

    from advice.public_views import SALT

    page = client.get(f"/ask/{la.code}/")
    assert page.status_code == 200
    started = signing.dumps(0, salt=SALT)  # shown long ago: a person's pace
    data = {
        "requester_type": "special_guardian",
        "requester_name": "Jo Smith",
        "requester_contact": "jo@example.org",
        "order_type": "sgo",
        "phase": "primary",
        "topics": ["send"],
        "question": "How do I ask for an EHC assessment?",
        "started": started,
        **extra,
    }
    return client.post(f"/ask/{la.code}/", data, REMOTE_ADDR=extra.pop("ip", "198.51.100.7"))


def test_the_public_form_makes_a_request_and_shows_nothing_back(world, client):
    sent = _ask(client, world.la)
    assert sent.status_code == 302
    made = AdviceRequest.objects.get()
    assert (made.channel, made.requester_name, made.child_name) == ("form", "Jo Smith", "")
    page = client.get(sent["Location"]).content.decode()
    assert made.reference in page and "EHC assessment" not in page and "Jo Smith" not in page
    refused = _ask(client, world.la, child_name="Sam")  # a name without the consent box
    assert refused.status_code == 200 and "<title>Error: " in refused.content.decode()
    school = _ask(
        client, world.la, requester_type="designated_teacher", child_name="Sam", consent="on"
    )
    assert "parental responsibility" in school.content.decode()  # not theirs to give
    consented = _ask(client, world.la, child_name="Sam", consent="on")
    assert consented.status_code == 302
    assert AdviceRequest.objects.get(child_name="Sam").consent_from == "Jo Smith"


def test_robots_and_floods_are_turned_away_without_saying_so(world, client):
    from django.core import signing

    from advice.public_views import SALT

    trapped = _ask(client, world.la, website="http://spam.example")
    hasty = _ask(client, world.la, started=signing.dumps(__import__("time").time(), salt=SALT))
    assert trapped.status_code == hasty.status_code == 302
    assert "Question sent" in client.get(trapped["Location"]).content.decode()
    assert not AdviceRequest.objects.exists()
    answers = [_ask(client, world.la, ip="203.0.113.9").status_code for _ in range(6)]
    assert answers == [302] * 5 + [429]  # five an hour from one address
    assert _ask(client, world.la, ip="203.0.113.10").status_code == 302


def test_closed_requests_are_anonymised_after_the_retention_period(world):
    old = advice_request_create(
        la=world.la,
        data={
            **BASIC,
            "requester_name": "Jo",
            "child_name": "Sam",
            "consent_from": "Jo",
            "consent_on": D(2018, 1, 8),
        },
        received_on=D(2018, 1, 8),
        actor=SYSTEM,
    )
    advice_request_answer(
        request=old,
        day=D(2018, 1, 9),
        advice="Call the school",
        signposted_to="SENDIASS",
        actor=SYSTEM,
    )
    advice_request_close(request=old, day=D(2018, 1, 10), actor=SYSTEM)
    recent = advice_request_create(
        la=world.la,
        data={**BASIC, "requester_name": "Ali"},
        received_on=D(2025, 1, 8),
        actor=SYSTEM,
    )
    assert advice_anonymise_expired(la=world.la, today=D(2026, 5, 1), actor=SYSTEM) == 1
    old.refresh_from_db()
    assert (old.requester_name, old.child_name, old.advice, old.question) == (
        "",
        "",
        "",
        "(anonymised)",
    )
    assert old.topics == ["admissions"] and old.first_answered_on == D(2018, 1, 9)
    assert not old.history.filter(child_name="Sam").exists()  # gone from the history too
    recent.refresh_from_db()
    assert recent.requester_name == "Ali"


ANSWERED = [D(2026, 5, 26), D(2026, 6, 2), D(2026, 6, 9)]


def test_the_figures_and_who_sees_them(world, signed_in):
    for n, topics in enumerate((["send"], ["send", "attendance"], ["admissions"])):
        made = advice_request_create(
            la=world.la,
            data={**BASIC, "topics": topics},
            received_on=D(2026, 5, 18 + n),
            actor=SYSTEM,
        )
        advice_request_answer(
            request=made, day=ANSWERED[n], advice="x", signposted_to="", actor=SYSTEM
        )
    advisor = signed_in(world.users["plac_advisor"])
    page = advisor.get("/advice/figures/?year=2025")
    figures = {f.key: f for f in page.context["section"].figures}
    assert figures["advice.total"].count == 3
    # Received 18, 19, 20 May, answered 26 May, 2 and 9 June (25 May a bank holiday): 5, 9
    # and 13 working days; due 28, 29 May and 1 June, so one in time.
    assert figures["advice.median_days"].value == 9
    assert figures["advice.answered_in_time"].count == 1
    topics = {f.label: f.count for f in page.context["section"].breakdowns[1].rows}
    assert topics == {"Admissions": 1, "SEND and EHCP": 2, "Attendance": 1}
    board = signed_in(world.users["board_member"]).get("/advice/figures/?year=2025")
    assert board.context["threshold"] and ">c<" in board.content.decode()
    assert signed_in(world.users["social_worker"]).get("/advice/").status_code == 403


def test_the_advisors_home_lists_what_is_waiting(world, signed_in):
    made = advice_request_create(la=world.la, data=BASIC, received_on=D(2026, 5, 21), actor=SYSTEM)
    home = signed_in(world.users["plac_advisor"]).get("/").content.decode()
    assert made.reference in home
