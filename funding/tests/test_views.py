"""The PP+ pages: set-up, a decision with its error summary, a held line, a payment run."""

import csv
import io
from decimal import Decimal

import pytest

from funding.models import GrantYear, PaymentLine, PpRequest
from funding.tests.test_ledger import requests  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_the_vsh_sets_up_a_grant_year_and_a_bad_rating_is_refused(world, signed_in):
    client = signed_in(world.users["virtual_school_head"])
    form = {"year": "2026-27", "rate_per_child": "2630", "top_slice_percent": "20"}
    bad = client.post("/funding/new/", {**form, "release_per_term": "0", "release_min_rating": "x"})
    assert bad.status_code == 200 and "govuk-error-summary" in bad.content.decode()
    wrong_year = client.post("/funding/new/", {**form, "year": "2026-28", "release_per_term": "0"})
    assert "not one year" in wrong_year.content.decode()
    ok = client.post(
        "/funding/new/", {**form, "release_per_term": "600", "release_min_rating": "green"}
    )
    grant = GrantYear.objects.get(year="2026-27")
    assert ok.status_code == 302 and grant.release_min_rating == "green"
    assert grant.history.first().history_user == world.users["virtual_school_head"]


def test_a_decision_needs_a_reason_and_an_overspend_names_what_remains(
    world,
    signed_in,
    requests,  # noqa: F811
):
    grant, (a, _, _) = requests
    client = signed_in(world.users["team_manager"])
    url = f"/funding/requests/{a.pk}/"
    page = client.post(url, {"decision": "decline", "reason": ""})
    assert (
        "Give a reason" in page.content.decode() and "govuk-error-summary" in page.content.decode()
    )
    GrantYear.objects.filter(pk=grant.pk).update(top_slice_percent=Decimal("95"))
    page = client.post(url, {"decision": "approve"})
    assert "overspend the budget: £263.00 remains" in page.content.decode()
    assert PpRequest.objects.get(pk=a.pk).status == "pending"
    page = client.post(url, {"decision": "reduce", "amount": "250", "reason": "Fits the budget"})
    assert page.status_code == 302 and PpRequest.objects.get(pk=a.pk).status == "reduced"


def test_a_payment_run_marks_lines_paid_and_downloads_the_finance_file(
    world,
    signed_in,
    requests,  # noqa: F811
):
    grant, (a, b, _) = requests
    client = signed_in(world.users["virtual_school_head"])
    client.post(f"/funding/requests/{a.pk}/", {"decision": "approve"})
    client.post(f"/funding/requests/{b.pk}/", {"decision": "approve"})
    ledger_page = client.get(f"/funding/{grant.pk}/").content.decode()
    assert "£1,050.50" in ledger_page  # committed
    assert client.post(f"/funding/{grant.pk}/runs/new/").status_code == 302
    assert not PaymentLine.objects.exclude(status="paid").exists()
    run = grant.runs.get()
    body = client.get(f"/funding/runs/{run.pk}/csv/").content.decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert sum(Decimal(r["amount"]) for r in rows) == Decimal("1050.50")
    assert {r["school_urn"] for r in rows} == {str(world.school.urn)}
    again = client.post(f"/funding/{grant.pk}/runs/new/", follow=True).content.decode()
    assert "no committed lines" in again


def test_another_las_grant_is_not_found(world, signed_in):
    other = GrantYear.objects.create(la=world.other_la, year="2025-26", rate_per_child=1)
    client = signed_in(world.users["virtual_school_head"])
    assert client.get(f"/funding/{other.pk}/").status_code == 404
    assert "2025-26" not in client.get("/funding/").content.decode()


def test_a_new_grant_year_picks_up_peps_submitted_before_it(world, signed_in):
    from authorities.terms import calendar_set_typical
    from peps.models import Pep, PepTarget, Status

    calendar_set_typical(la=world.la, years=[2025])
    term = world.la.terms.get(academic_year=2025, name="autumn")
    pep = Pep.objects.create(
        child=world.child,
        pep_type="termly",
        term=term,
        due_on=term.ends_on,
        status=Status.SUBMITTED,
    )
    PepTarget.objects.create(
        pep=pep, what="Tutor", measure="m", by_when=term.ends_on, who="DT", pp_amount=Decimal("400")
    )
    client = signed_in(world.users["virtual_school_head"])
    form = {"year": "2025-26", "rate_per_child": "2630", "top_slice_percent": "0"}
    client.post("/funding/new/", {**form, "release_per_term": "0"})
    assert list(PpRequest.objects.values_list("requested", "status")) == [
        (Decimal("400.00"), "pending")
    ]


def test_home_shows_requests_waiting_and_board_members_their_reports(
    world,
    signed_in,
    requests,  # noqa: F811
):
    sections = signed_in(world.users["team_manager"]).get("/").context["sections"]
    funding = next(s for s in sections if s.title == "Pupil Premium Plus")
    assert funding.link_text == "3 requests waiting for a decision"
    board = signed_in(world.users["board_member"]).get("/").context["sections"]
    assert [s.title for s in board] == ["Children with a social worker", "Reports"]


def test_only_the_vsh_is_offered_the_override(world, signed_in, requests):  # noqa: F811
    _, (a, _, _) = requests
    url = f"/funding/requests/{a.pk}/"
    assert "override" not in signed_in(world.users["team_manager"]).get(url).context["form"].fields
    assert (
        "override" in signed_in(world.users["virtual_school_head"]).get(url).context["form"].fields
    )


def test_a_negative_rate_is_refused_with_an_error_summary(world, signed_in):
    client = signed_in(world.users["virtual_school_head"])
    form = {"year": "2026-27", "rate_per_child": "-1", "top_slice_percent": "0"}
    page = client.post("/funding/new/", {**form, "release_per_term": "0"})
    assert page.status_code == 200 and "govuk-error-summary" in page.content.decode()
    assert not GrantYear.objects.filter(year="2026-27").exists()


def test_the_requests_list_names_each_child_and_says_what_is_not_decided(
    world,
    signed_in,
    requests,  # noqa: F811
):
    grant, (a, _, _) = requests
    page = signed_in(world.users["team_manager"]).get(f"/funding/{grant.pk}/requests/")
    text = page.content.decode()
    child = a.target.pep.child
    assert f'href="/children/{child.pk}/">{child.display_name}</a>' in text
    assert "Not decided" in text and "£0.00" not in text
    assert "3 requests" in text


def test_the_vsh_decides_chosen_requests_together_all_or_none(
    world,
    signed_in,
    requests,  # noqa: F811
):
    grant, (a, b, c) = requests
    url = f"/funding/{grant.pk}/requests/"
    vsh = signed_in(world.users["virtual_school_head"])
    listing = vsh.get(url)
    assert 'name="request"' in listing.content.decode()  # the VSH is offered the choice
    assert world.school.name in listing.content.decode()  # each child's school today
    # Nothing chosen, or declining without a reason: an error summary, nothing decided.
    for data in ({"decision": "approve"}, {"decision": "decline", "request": [a.pk]}):
        page = vsh.post(url, data)
        assert page.status_code == 400 and "govuk-error-summary" in page.content.decode()
    assert set(grant.requests.values_list("status", flat=True)) == {PpRequest.Status.PENDING}
    # One that would overspend refuses them all.
    GrantYear.objects.filter(pk=grant.pk).update(rate_per_child=Decimal("500"))
    page = vsh.post(url, {"decision": "approve", "request": [a.pk, b.pk, c.pk]})
    assert page.status_code == 400 and "Nothing was decided" in page.content.decode()
    assert set(grant.requests.values_list("status", flat=True)) == {PpRequest.Status.PENDING}
    GrantYear.objects.filter(pk=grant.pk).update(rate_per_child=Decimal("2630"))
    done = vsh.post(url, {"decision": "approve", "request": [a.pk, c.pk]})
    assert done.status_code == 302
    statuses = dict(grant.requests.values_list("pk", "status"))
    assert statuses == {a.pk: "approved", b.pk: "pending", c.pk: "approved"}
    assert PaymentLine.objects.filter(request__in=[a, c]).count() == 2
    vsh.post(url, {"decision": "decline", "reason": "Funded by the school", "request": [b.pk]})
    assert grant.requests.get(pk=b.pk).status == "declined"
    # A team manager decides one at a time: not offered the choice, refused if tried.
    manager = signed_in(world.users["team_manager"])
    assert 'name="request"' not in manager.get(url).content.decode()
    assert manager.post(url, {"decision": "approve", "request": [b.pk]}).status_code == 403
