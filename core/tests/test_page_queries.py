"""The pages a Virtual School opens every morning ask the database the same number of
questions whatever the roll's size, and whatever other LAs share the deployment (issue 13):
each page's queries are counted on the demo LA, as read and (for pages that keep figures whole
per LA) after a change to one child; then the LA is doubled with a second demo build, and a
second LA whose children go to our schools joins the deployment, and the pages are counted
again each time. (Their time is measured through gunicorn in bench/pages.py, not here.)"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from conftest import DEMO_AS_OF
from funding.models import GrantYear

pytestmark = pytest.mark.django_db
HOMES = [(role.value.replace("_", "-"), "/") for role in Role]  # every role's home page
PAGES = [
    *HOMES,
    ("area-education-officer", "/schools/mine/"),
    ("virtual-school-head", "/schools/mine/"),
    ("data-officer", "/children/data-quality/"),
    ("data-officer", "/children/data-quality/no_mark/"),
    ("data-officer", "/children/data-quality/return_flags/"),
    ("data-officer", "/children/data-quality/closed/"),
    ("data-officer", "/children/data-quality/no_place/"),
    ("school-placement-officer", "/school-places/"),
    ("virtual-school-head", "/children/"),
    ("virtual-school-head", "/children/cohort/"),
    ("team-manager", "/children/caseloads/"),
    ("virtual-school-head", "/children/no-school-place/"),
    ("virtual-school-head", "/reports/dashboard/children/?figure=cohort.total"),
    ("virtual-school-head", "/reports/dashboard/"),
    ("virtual-school-head", "/attendance/"),
    ("virtual-school-head", "/attendance/alerts/"),
    ("virtual-school-head", "/peps/"),
    ("virtual-school-head", "/funding/{grant}/requests/"),
    ("virtual-school-head", "/funding/{grant}/"),
]
# Pages that keep figures per LA (core.kept): the first reader after a change works them out.
AFTER_A_CHANGE = [
    ("virtual-school-head", "/"),
    ("team-manager", "/"),
    ("virtual-school-head", "/reports/dashboard/"),
    ("virtual-school-head", "/attendance/"),
    ("virtual-school-head", "/peps/"),
]


def _counts(la, signed_in) -> dict:
    grant = GrantYear.objects.filter(la=la).order_by("-year").first()
    out = {}
    for role, path in PAGES:
        client = signed_in(User.objects.get(email=f"{role}.{la.code}@demo.invalid"))
        path = path.format(grant=grant.pk)
        assert client.get(path).status_code == 200  # warm: the day's kept state is built
        out[f"{role} {path}"] = _count(client, path)
    for role, path in AFTER_A_CHANGE:
        client = signed_in(User.objects.get(email=f"{role}.{la.code}@demo.invalid"))
        _change(la)
        out[f"{role} {path} after a change"] = _count(client, path)
    return out


def _count(client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200, path
    return len(ctx.captured_queries)


def _change(la) -> None:
    """One child saved, as an edit saves it (the LA's kept figures are stale): one on the roll
    today, or (the demo is built as of a fixed day, the pages read today) any of the LA's."""
    from children.models import Child

    children = Child.objects.filter(la=la).order_by("pk")
    (children.on_roll(timezone.localdate()).first() or children.first()).save()


def _another_la_at_our_schools(la):
    """A second LA in the deployment, its children placed at our schools (the dashboard counts
    them as placed here), its kept state forgotten as after an import."""
    from children.models import EducationPlacement
    from core.kept import kept_forget
    from demo.builder import demo_build
    from schools.models import School

    other = demo_build(la_code="331", children=70, seed=9, as_of=DEMO_AS_OF).la
    ours = School.objects.filter(la_code=la.code).order_by("pk").first()
    assert EducationPlacement.objects.filter(child__la=other).update(school=ours) > 0
    kept_forget(other)
    return other


def test_page_queries_do_not_grow_with_the_roll_or_other_las(demo_la, signed_in):
    from children.models import Child
    from core.kept import kept_catch_up
    from demo.builder import demo_build

    before, children = _counts(demo_la, signed_in), Child.objects.filter(la=demo_la).count()
    demo_build(la_code=demo_la.code, children=70, seed=8, as_of=DEMO_AS_OF)
    assert Child.objects.filter(la=demo_la).count() >= 2 * children - 5
    assert _counts(demo_la, signed_in) == before
    other = _another_la_at_our_schools(demo_la)
    # Not kept for today yet, the other LA's children at our schools are counted in the
    # database: one query more for the dashboard (one for every such LA together), not a
    # rebuild of their kept state for our reader. Once it is kept (its own first reader, or
    # the daily job), their kept lines are counted in the query that counted none before.
    more = {page: n - before[page] for page, n in _counts(demo_la, signed_in).items()}
    dashboard = {p for p in before if p.split()[1] == "/reports/dashboard/"}  # not its drill-down
    assert {page for page, n in more.items() if n} == dashboard
    assert set(more.values()) == {0, 1}
    kept_catch_up(other)
    assert _counts(demo_la, signed_in) == before
