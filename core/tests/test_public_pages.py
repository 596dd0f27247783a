"""The pages anyone may read (help, privacy notice, cookies) name who runs the service, every
page carries the phase banner and links to them, and the 500 page keeps the service's header."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(SERVICE_OPERATOR="Birmingham City Council", SUPPORT_CONTACT="vs@example.gov.uk")
@pytest.mark.parametrize(
    ("url", "says"),
    [("/privacy/", "article 9(2)(g)"), ("/cookies/", "sessionid"), ("/help/", "vs@example.gov.uk")],
)
def test_public_pages_name_the_operator(client, url, says):
    page = client.get(url).content.decode()
    assert says in page and "Birmingham City Council" in page
    assert "govuk-phase-banner" in page
    for footer in (
        'href="/help/"',
        'href="/privacy/"',
        'href="/cookies/"',
        'href="/accessibility/"',
    ):
        assert footer in page


def test_the_500_page_has_the_header_and_no_request_context(rf):
    from core.views import error_500

    page = error_500(rf.get("/")).content.decode()
    assert "govuk-generic-header" in page and "Sorry, there is a problem" in page
