"""The pages a Virtual School opens every morning ask the database the same number of
questions whatever the roll's size (issue 13): each page's queries are counted on the demo LA,
the LA is doubled with a second demo build, and the pages are counted again. (Their time is
measured through gunicorn in bench/pages.py, not here.)"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from conftest import DEMO_AS_OF
from funding.models import GrantYear

pytestmark = pytest.mark.django_db
PAGES = [
    ("virtual-school-head", "/"),
    ("team-manager", "/"),
    ("education-support-advisor", "/"),
    ("social-worker", "/"),
    ("designated-teacher", "/"),
    ("area-education-officer", "/"),
    ("area-education-officer", "/schools/mine/"),
    ("virtual-school-head", "/schools/mine/"),
    ("data-officer", "/children/data-quality/"),
    ("data-officer", "/children/data-quality/no_mark/"),
    ("data-officer", "/children/data-quality/return_flags/"),
    ("data-officer", "/children/data-quality/closed/"),
    ("data-officer", "/children/data-quality/no_place/"),
    ("school-placement-officer", "/school-places/"),
    ("school-placement-officer", "/"),
    ("virtual-school-head", "/children/"),
    ("virtual-school-head", "/reports/dashboard/"),
    ("virtual-school-head", "/attendance/"),
    ("virtual-school-head", "/attendance/alerts/"),
    ("virtual-school-head", "/peps/"),
    ("virtual-school-head", "/funding/{grant}/requests/"),
    ("virtual-school-head", "/funding/{grant}/"),
]


def _counts(la, signed_in) -> dict:
    grant = GrantYear.objects.filter(la=la).order_by("-year").first()
    out = {}
    for role, path in PAGES:
        client = signed_in(User.objects.get(email=f"{role}.{la.code}@demo.invalid"))
        path = path.format(grant=grant.pk)
        assert client.get(path).status_code == 200  # warm: the day's kept state is built
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200, path
        out[f"{role} {path}"] = len(ctx.captured_queries)
    return out


def test_page_queries_do_not_grow_with_the_roll(demo_la, signed_in):
    from children.models import Child
    from demo.builder import demo_build

    before, children = _counts(demo_la, signed_in), Child.objects.filter(la=demo_la).count()
    demo_build(la_code=demo_la.code, children=70, seed=8, as_of=DEMO_AS_OF)
    assert Child.objects.filter(la=demo_la).count() >= 2 * children - 5
    assert _counts(demo_la, signed_in) == before
