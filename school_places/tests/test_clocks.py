"""The escalation and EHCP clocks, worked out here from the statutes' wording (s97A-C School
Standards and Framework Act 1998; SEND Regulations 2014 reg 15) and GOV.UK's bank holidays,
not from our calendar code."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from school_places.rules import (
    consultation_reply_due,
    direction_next,
    ehcp_review_notice_due,
    ehcp_transfer_due,
    package_flags,
    period_ends,
    sos_next,
)

D = datetime.date
BANK_HOLIDAYS = {
    D(2026, 4, 3),
    D(2026, 4, 6),
    D(2026, 5, 4),
    D(2026, 5, 25),
    D(2026, 8, 31),
    D(2026, 12, 25),
    D(2026, 12, 28),
}


def _working(day):
    return day.weekday() < 5 and day not in BANK_HOLIDAYS


def _escalation(**dates):
    fields = (
        "consulted_on",
        "reply_on",
        "notice_on",
        "adjudicator_referred_on",
        "adjudicator_decided_on",
        "directed_on",
        "requested_on",
        "chased_on",
        "closed_on",
    )
    values = dict.fromkeys(fields) | dates
    return SimpleNamespace(started_on=D(2026, 5, 1), route="direction", **values)


def test_seven_days_beginning_with_a_day_end_six_days_later():
    assert period_ends(D(2026, 5, 21)) == D(2026, 5, 27)  # Thursday to the Wednesday after


def test_a_direction_goes_consult_notice_direct_seven_days_apart():
    step = direction_next(_escalation())
    assert step.what.startswith("Consult") and step.on == D(2026, 5, 1)
    # Consulted Thursday 21 May (the week before half-term; days, not school days, count).
    step = direction_next(_escalation(consulted_on=D(2026, 5, 21)))
    assert step.what.startswith("Give written notice") and step.on == D(2026, 5, 28)
    step = direction_next(_escalation(consulted_on=D(2026, 5, 21), notice_on=D(2026, 5, 28)))
    assert step.what.startswith("Direct") and step.on == D(2026, 6, 4)
    assert step.overdue(D(2026, 6, 5)) and not step.overdue(D(2026, 6, 4))


def test_a_referral_to_the_adjudicator_stops_the_clock_until_it_decides():
    referred = _escalation(
        consulted_on=D(2026, 5, 1), notice_on=D(2026, 5, 8), adjudicator_referred_on=D(2026, 5, 12)
    )
    step = direction_next(referred)
    assert step.on is None and not step.overdue(D(2027, 1, 1))
    referred.adjudicator_decided_on = D(2026, 6, 10)
    assert direction_next(referred).on == D(2026, 6, 10)
    referred.directed_on = D(2026, 6, 11)
    assert direction_next(referred) is None


def test_the_secretary_of_state_is_chased_after_the_las_working_days():
    la = SimpleNamespace(sos_chase_working_days=10)
    esc = _escalation(requested_on=D(2026, 5, 20))
    esc.route = "sos"
    # 21, 22 May; 25 May a bank holiday; 26-29 May; 1-4 June: the tenth working day is 4 June.
    assert sos_next(esc, la).on == D(2026, 6, 4)
    esc.chased_on = D(2026, 6, 4)
    assert sos_next(esc, la).on == D(2026, 6, 18)


def _nth_working_day_from(first, n):
    day, seen = first, 0
    while True:
        seen += _working(day)
        if seen == n:
            return day
        day += datetime.timedelta(days=1)


@pytest.mark.parametrize(
    "notified", [D(2026, 4, 1), D(2026, 4, 27), D(2026, 5, 20), D(2026, 8, 20)]
)
def test_an_ehcp_moves_within_15_working_days_of_the_old_la_knowing(notified):
    moved = notified + datetime.timedelta(days=2)  # short notice
    assert ehcp_transfer_due(moved, notified) == _nth_working_day_from(notified, 15)


def test_an_ehcp_moves_on_the_day_of_the_move_with_15_working_days_notice():
    # Notified Monday 27 April; 15 working days from then (4 May a bank holiday) end Monday 18
    # May, so a move on Tuesday 19 May had enough notice and one on Monday 18 May did not.
    assert ehcp_transfer_due(D(2026, 5, 19), D(2026, 4, 27)) == D(2026, 5, 19)
    assert ehcp_transfer_due(D(2026, 5, 18), D(2026, 4, 27)) == D(2026, 5, 18)
    assert ehcp_transfer_due(D(2026, 5, 15), D(2026, 4, 27)) == D(2026, 5, 18)


def test_the_new_la_says_when_it_will_review_within_six_weeks_and_schools_reply_in_15_days():
    assert ehcp_review_notice_due(D(2026, 6, 1)) == D(2026, 7, 12)
    assert consultation_reply_due(D(2026, 6, 1)) == D(2026, 6, 15)


def _package(**kw):
    values = {
        "kind": "ap",
        "provider": "registered_ap",
        "hours_a_week": Decimal(25),
        "review_on": D(2026, 6, 1),
        "ended_on": None,
    } | kw
    return SimpleNamespace(**values)


def test_packages_alert_on_review_hours_and_unregistered_full_time():
    la, today = SimpleNamespace(minimum_weekly_hours=25), D(2026, 6, 1)
    assert package_flags(_package(), la, today) == []
    assert package_flags(_package(hours_a_week=Decimal("24.5")), la, today) == [
        "Under 25 hours a week"
    ]
    assert package_flags(_package(provider="unregistered"), la, today) == [
        "Full time at an unregistered provider"
    ]
    assert package_flags(
        _package(provider="unregistered", hours_a_week=Decimal(17)), la, today
    ) == ["Under 25 hours a week"]
    part_time = _package(kind="part_time", hours_a_week=Decimal(10))
    assert package_flags(part_time, la, today) == []
    assert package_flags(part_time, la, today + datetime.timedelta(days=1)) == ["Review overdue"]
    assert package_flags(_package(ended_on=today, review_on=D(2026, 1, 1)), la, today) == []
