"""Post-16 Pupil Premium Plus: a grant line of its own; an advisor approves a young person's
requests up to the LA's limit a term, and a request past it goes to the post-16 lead (the
issue's "done when"); the allocation is never overspent without the VSH."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import _child
from post16 import services
from post16.models import Post16Grant, Post16Request
from post16.selectors import waiting_for

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = D(2026, 11, 20)  # autumn term 2026, financial year 2026-27


@pytest.fixture
def young(world):
    """A young person in Year 12 on DAY (born in the 2009-10 school year), in care."""
    return _child(
        world.la, world.school, forename="Dee", surname="Young", date_of_birth=D(2010, 1, 15)
    )


@pytest.fixture
def grant(world):
    grant = Post16Grant(
        la=world.la,
        year="2026-27",
        allocation=Decimal("1000"),
        advisor_limit_per_term=Decimal("300"),
        lead=world.users["team_manager"],
    )
    return services.post16_grant_save(grant=grant, actor=world.users["virtual_school_head"])


def _ask(child, amount, actor, day=DAY):
    data = {"amount": Decimal(amount), "purpose": "course", "detail": "Books for the course"}
    return services.post16_request_create(child=child, data=data, actor=actor, day=day)


def _approve(request, actor, **kw):
    return services.post16_request_decide(
        request=request, approve=request.amount, reason="", actor=actor, **kw
    )


def test_an_advisor_approves_within_the_limit_and_a_larger_request_goes_to_the_lead(
    world, young, grant, signed_in
):
    advisor, lead = world.users["education_support_advisor"], world.users["team_manager"]
    small = _ask(young, "200", advisor)
    assert small.status == "pending" and small in waiting_for(advisor)
    _approve(small, advisor)
    # £200 approved this term: £150 more takes the term to £350, past the advisor's £300.
    larger = _ask(young, "150", advisor)
    assert larger.status == "referred"
    assert larger not in waiting_for(advisor)
    assert larger in waiting_for(lead) and larger in waiting_for(world.users["virtual_school_head"])
    with pytest.raises(PermissionDenied):
        _approve(larger, advisor)
    home = signed_in(lead).get("/").content.decode()
    assert "1 request waiting for your decision" in home
    _approve(larger, lead)
    assert Post16Request.objects.get(pk=larger.pk).status == "approved"
    assert "0 requests waiting" in signed_in(lead).get("/").content.decode()


def test_one_request_above_the_limit_on_its_own_goes_to_the_lead(world, young, grant):
    assert _ask(young, "300.01", world.users["education_support_advisor"]).status == "referred"
    assert _ask(young, "300", world.users["education_support_advisor"]).status == "pending"


def test_an_approval_refers_the_requests_it_takes_past_the_limit(world, young, grant):
    advisor = world.users["education_support_advisor"]
    first, second = _ask(young, "200", advisor), _ask(young, "200", advisor)
    assert (first.status, second.status) == ("pending", "pending")  # each within £300 alone
    _approve(first, advisor)
    assert Post16Request.objects.get(pk=second.pk).status == "referred"


def test_a_new_limit_moves_waiting_requests_to_or_from_the_lead(world, young, grant):
    advisor, vsh = world.users["education_support_advisor"], world.users["virtual_school_head"]
    asked = _ask(young, "400", advisor)
    assert asked.status == "referred"
    grant.advisor_limit_per_term = Decimal("500")
    services.post16_grant_save(grant=grant, actor=vsh)
    assert Post16Request.objects.get(pk=asked.pk).status == "pending"
    grant.advisor_limit_per_term = Decimal("100")
    services.post16_grant_save(grant=grant, actor=vsh)
    assert Post16Request.objects.get(pk=asked.pk).status == "referred"


def test_a_lead_who_no_longer_manages_in_the_la_decides_nothing_past_the_limit(world, young, grant):
    from accounts.models import RoleAssignment

    asked = _ask(young, "400", world.users["education_support_advisor"])
    lead = world.users["team_manager"]
    RoleAssignment.objects.filter(user=lead).update(role="education_support_advisor")
    from accounts.selectors import forget_role_assignments

    forget_role_assignments(lead)
    with pytest.raises(PermissionDenied):
        _approve(asked, lead)


def test_the_limit_is_a_term_a_new_term_starts_again(world, young, grant):
    advisor = world.users["education_support_advisor"]
    _approve(_ask(young, "300", advisor), advisor)
    assert _ask(young, "300", advisor, day=D(2027, 1, 12)).status == "pending"  # spring term


def test_the_allocation_is_not_overspent_without_the_virtual_school_head(world, young, grant):
    vsh, lead = world.users["virtual_school_head"], world.users["team_manager"]
    grant.advisor_limit_per_term = Decimal("5000")
    services.post16_grant_save(grant=grant, actor=vsh)
    big = _ask(young, "1200", lead)
    with pytest.raises(ValidationError, match="overspend"):
        _approve(big, lead)
    with pytest.raises(ValidationError, match="overspend"):
        _approve(big, lead, override=True)  # only the VSH overrides
    done = _approve(big, vsh, override=True)
    assert done.overspend_override and done.approved == Decimal("1200.00")


def test_reducing_or_declining_needs_a_reason_and_a_decision_is_final(world, young, grant):
    advisor = world.users["education_support_advisor"]
    asked = _ask(young, "100", advisor)
    with pytest.raises(ValidationError, match="reason"):
        services.post16_request_decide(request=asked, approve=None, reason="", actor=advisor)
    services.post16_request_decide(
        request=asked, approve=Decimal("60"), reason="Second-hand books", actor=advisor
    )
    assert Post16Request.objects.get(pk=asked.pk).approved == Decimal("60.00")
    with pytest.raises(ValidationError, match="decided"):
        _approve(asked, advisor)


def test_a_request_without_an_amount_is_refused_not_a_crash(world, young, grant):
    advisor = world.users["education_support_advisor"]
    for data in ({"purpose": "course", "detail": "Books"}, {"amount": Decimal("-5"),
                 "purpose": "course", "detail": "Books"}):  # fmt: skip
        with pytest.raises(ValidationError, match="amount"):
            services.post16_request_create(child=young, data=data, actor=advisor, day=DAY)
    assert not Post16Request.objects.exists()


def test_who_may_ask_and_for_whom(world, young, grant):
    advisor = world.users["education_support_advisor"]
    with pytest.raises(PermissionDenied):
        _ask(young, "50", world.users["social_worker"])  # not Virtual School staff
    with pytest.raises(ValidationError, match="Years 12 and 13"):
        _ask(world.child, "50", advisor)  # Year 8
    with pytest.raises(ValidationError, match="2027-28"):
        _ask(young, "50", advisor, day=D(2027, 5, 10))  # no line set up for that year
    young.episodes.update(ended_on=D(2026, 9, 1), reason_ceased="E8")
    with pytest.raises(ValidationError, match="in care"):
        _ask(young, "50", advisor)


def test_the_grant_line_is_the_virtual_school_heads_and_the_lead_a_manager(world, grant):
    grant.allocation = Decimal("2000")
    with pytest.raises(PermissionDenied):
        services.post16_grant_save(grant=grant, actor=world.users["team_manager"])
    grant.lead = world.users["social_worker"]
    with pytest.raises(ValidationError, match="lead"):
        services.post16_grant_save(grant=grant, actor=world.users["virtual_school_head"])
    with pytest.raises(ValidationError):
        services.post16_grant_save(
            grant=Post16Grant(la=world.la, year="2026-28", allocation=1),
            actor=world.users["virtual_school_head"],
        )


def test_the_pages_ask_decide_and_keep_others_out(world, young, grant, signed_in):
    advisor = world.users["education_support_advisor"]
    client = signed_in(advisor)
    page = client.get(f"/post-16/children/{young.pk}/pupil-premium-plus/")
    assert page.status_code == 200
    asked = client.post(
        f"/post-16/children/{young.pk}/pupil-premium-plus/",
        {"amount": "400", "purpose": "travel", "detail": "Bus pass for the year"},
    )
    request = Post16Request.objects.get()
    assert asked.status_code == 302 and request.status == "referred"
    shown = client.get(f"/post-16/pupil-premium-plus/requests/{request.pk}/").content.decode()
    assert "the post-16 lead decides it" in shown and "Record the decision" not in shown
    refused = client.post(
        f"/post-16/pupil-premium-plus/requests/{request.pk}/", {"decision": "approve"}
    )
    assert refused.status_code == 403
    lead = signed_in(world.users["team_manager"])
    done = lead.post(f"/post-16/pupil-premium-plus/requests/{request.pk}/", {"decision": "approve"})
    assert done.status_code == 302
    assert Post16Request.objects.get().status == "approved"
    listed = lead.get(f"/post-16/pupil-premium-plus/{grant.pk}/").content.decode()
    assert "£400.00" in listed and "Dee" in listed
    carer = signed_in(world.users["carer"])
    assert carer.get(f"/post-16/pupil-premium-plus/requests/{request.pk}/").status_code == 404
    assert carer.get(f"/post-16/pupil-premium-plus/{grant.pk}/").status_code == 404


def test_the_virtual_school_head_sets_up_the_line_on_its_page(world, signed_in):
    vsh = signed_in(world.users["virtual_school_head"])
    form = vsh.get("/post-16/pupil-premium-plus/new/").content.decode()
    assert "Test Team manager" in form and "Test Social worker" not in form  # the lead's choices
    posted = vsh.post(
        "/post-16/pupil-premium-plus/new/",
        {
            "year": "2026-27",
            "allocation": "14000",
            "advisor_limit_per_term": "250",
            "lead": world.users["team_manager"].pk,
        },
    )
    grant = Post16Grant.objects.get()
    assert posted.status_code == 302 and grant.advisor_limit_per_term == Decimal("250.00")
    again = vsh.post(
        "/post-16/pupil-premium-plus/new/",
        {"year": "2026-27", "allocation": "1", "advisor_limit_per_term": "250"},
    )
    assert again.status_code == 200 and "govuk-error-summary" in again.content.decode()
    assert (
        signed_in(world.users["team_manager"])
        .get(f"/post-16/pupil-premium-plus/{grant.pk}/settings/")
        .status_code
        == 403
    )
