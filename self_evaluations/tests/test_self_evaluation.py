"""A school's self-evaluation: the officer starts it, the designated teacher completes it online
(theirs only), the officer reviews it and the gaps become actions; the trend and the export."""

import datetime

import pytest

from self_evaluations.models import Answer, Criterion, SelfEvaluation
from self_evaluations.services import DEFAULT_CRITERIA, criteria_set
from visits.models import SchoolAction

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _date(prefix, day):
    return {f"{prefix}-day": day.day, f"{prefix}-month": day.month, f"{prefix}-year": day.year}


def _answers(evaluation, rating_of):
    data = {}
    for a in evaluation.answers.all():
        p = f"a{a.pk}"
        data.update(
            {
                f"{p}-rating": rating_of(a),
                f"{p}-evidence": "Seen the list",
                f"{p}-action": "" if rating_of(a) == "in_place" else f"Fix {a.pk}",
                f"{p}-owner_name": "",
                f"{p}-deadline-day": "",
                f"{p}-deadline-month": "",
                f"{p}-deadline-year": "",
            }
        )
    return data


def test_the_school_completes_it_and_the_officer_turns_its_gaps_into_actions(world, signed_in):
    aeo = signed_in(world.users["area_education_officer"])
    assert aeo.post(f"/self-evaluations/schools/{world.school.urn}/").status_code == 302
    evaluation = SelfEvaluation.objects.get()
    assert evaluation.answers.count() == len(DEFAULT_CRITERIA)  # the default template
    dt = signed_in(world.users["designated_teacher"])
    url = f"/self-evaluations/{evaluation.pk}/"
    first = evaluation.answers.order_by("criterion__position").first()

    def rating(a):
        return "not_in_place" if a.pk == first.pk else "in_place"

    partial = _answers(evaluation, rating)
    partial[f"a{first.pk}-rating"] = ""
    refused = dt.post(url, {**partial, "do": "submit"})
    assert refused.status_code == 200 and "not rated yet" in refused.content.decode()
    assert "<title>Error: " in refused.content.decode()
    assert dt.post(url, {**_answers(evaluation, rating), "do": "submit"}).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == "submitted"
    # The DT of another school does not find it; the AEO reviews it.
    from accounts.tests.factories import RoleAssignmentFactory, UserFactory, enrol_totp

    other_dt = UserFactory()
    enrol_totp(other_dt)
    RoleAssignmentFactory(
        user=other_dt, role="designated_teacher", la=None, school=world.other_school
    )
    assert signed_in(other_dt).get(url).status_code == 404
    reaudit = TODAY + datetime.timedelta(days=90)
    aeo = signed_in(world.users["area_education_officer"])  # one test client: sign in again
    done = aeo.post(
        url, {**_answers(evaluation, rating), "do": "review", **_date("reaudit_on", reaudit)}
    )
    assert done.status_code == 302
    (action,) = SchoolAction.objects.all()
    assert action.what == f"Fix {first.pk}" and action.due_on == reaudit
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.reaudit_on) == ("reviewed", reaudit)
    # The school page and the export say it: 8 of 9 in place.
    page = aeo.get(f"/schools/{world.school.urn}/").content.decode()
    assert f"8 of 9 in place ({TODAY.isoformat()})" in page


def test_a_changed_template_retires_old_criteria_and_keeps_their_answers(world):
    from core.actors import SYSTEM

    criteria_set(la=world.la, lines=["One", "Two"], actor=SYSTEM)
    evaluation = SelfEvaluation.objects.create(
        la=world.la, school=world.school, started_on=TODAY, status="reviewed"
    )
    two = Criterion.objects.get(text="Two")
    Answer.objects.create(evaluation=evaluation, criterion=two, rating="partly")
    criteria_set(la=world.la, lines=["One", "Three"], actor=SYSTEM)
    assert list(world.la.se_criteria.filter(active=True).values_list("text", flat=True)) == [
        "One",
        "Three",
    ]
    two.refresh_from_db()
    assert not two.active and evaluation.answers.get().criterion == two
