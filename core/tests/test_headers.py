"""Security headers on every response: pages, redirects, errors (500 included), static files."""

import pytest
from django.test import Client
from django.urls import path

from accounts.roles import Role

pytestmark = pytest.mark.django_db


def boom(request):
    raise RuntimeError("deliberate failure for the test")


urlpatterns = [path("boom/", boom)]


def assert_security_headers(response, *, no_store=True):
    csp = response["Content-Security-Policy"]
    for directive in ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]:
        assert directive in csp
    assert "'nonce-" in csp and "unsafe-inline" not in csp
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    if no_store:
        assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("path", "status"), [("/accounts/login/", 200), ("/", 302), ("/no-such-page/", 404)]
)
def test_anonymous_responses(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert_security_headers(response)


def test_signed_in_pages_and_403(world, signed_in):
    client = signed_in(world.users[Role.CARER])
    assert_security_headers(client.get("/"))
    forbidden = client.get("/users/")
    assert forbidden.status_code == 403
    assert_security_headers(forbidden)


def test_500_page_has_headers_and_reveals_nothing(settings):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert_security_headers(response)
    page = response.content.decode()
    assert "deliberate failure" not in page and "Traceback" not in page
    assert "Sorry, there is a problem with the service" in page


def test_nonce_in_the_header_matches_the_page_and_changes_per_request(client):
    first, second = client.get("/accounts/login/"), client.get("/accounts/login/")
    nonce = first["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in first.content.decode()
    assert nonce not in second["Content-Security-Policy"]


def test_static_files_get_headers_too(client):
    response = client.get("/static/css/service.css")
    assert response.status_code == 200
    assert_security_headers(response, no_store=False)


def test_anonymous_pages_other_than_sign_in_redirect_to_sign_in(client):
    for url in ["/", "/children/", "/users/", "/account/"]:
        response = client.get(url)
        assert response["Location"].startswith("/accounts/login/?next="), url
    for url in ["/accounts/login/", "/accessibility/"]:
        assert client.get(url).status_code == 200
