"""axe on the dashboard, the reports and the PP+ pages, and their error summaries."""

import datetime
from decimal import Decimal

import pytest

from accounts.tests.factories import PASSWORD
from core.actors import SYSTEM
from core.tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _grant(world):
    from authorities.terms import calendar_set_typical
    from funding.models import GrantYear
    from funding.services import pp_requests_from_pep
    from peps.models import PepTarget
    from peps.services import pep_initiate

    today = datetime.date.today()
    calendar_set_typical(la=world.la, years=[today.year - 1, today.year])
    grant = GrantYear.objects.create(
        la=world.la, year="2025-26", rate_per_child=Decimal("2630"), top_slice_percent=20
    )
    pep = pep_initiate(child=world.child, actor=SYSTEM, day=datetime.date(2025, 10, 1))
    PepTarget.objects.create(
        pep=pep,
        what="Reading tuition",
        measure="Reading age",
        by_when=datetime.date(2026, 3, 1),
        who="DT",
        pp_amount=Decimal("600"),
        category="literacy",
    )
    return grant, pp_requests_from_pep(pep=pep, grant=grant, actor=SYSTEM)[0]


def test_dashboard_reports_and_funding_pages_are_accessible(world, a11y_page, live_server):
    from reports.services import report_run_create

    grant, request = _grant(world)
    vsh = world.users["virtual_school_head"]
    run = report_run_create(la=world.la, kind="annual", period="2025", threshold=5, actor=vsh)
    sign_in(
        a11y_page, live_server.url, vsh.email, PASSWORD, world.totp_secrets["virtual_school_head"]
    )
    for path in [
        "/reports/dashboard/",
        "/reports/dashboard/?period=2025&ks=KS2",
        "/reports/dashboard/children/?period=2025&figure=cohort.total",
        "/reports/",
        f"/reports/{run.pk}/",
        "/reports/benchmarks/",
        "/funding/",
        f"/funding/{grant.pk}/",
        f"/funding/{grant.pk}/requests/",
        f"/funding/{grant.pk}/settings/",
        f"/funding/{grant.pk}/central/new/",
    ]:
        a11y_page.goto(live_server.url + path)
        a11y_page.checked()
    a11y_page.goto(live_server.url + f"/funding/requests/{request.pk}/")
    a11y_page.checked()
    a11y_page.check("input[name=decision][value=decline]")
    a11y_page.click("button:has-text('Record decision')")
    a11y_page.checked()
    assert a11y_page.locator(".govuk-error-summary").is_visible()
    assert "Give a reason" in a11y_page.content()
    a11y_page.goto(live_server.url + "/reports/")
    a11y_page.checked()
    a11y_page.check("input[name=kind][value=termly]")
    a11y_page.select_option("select[name=period]", "2025")
    a11y_page.click("button:has-text('Generate')")
    a11y_page.checked()
    assert "Choose a term for a termly report" in a11y_page.content()
