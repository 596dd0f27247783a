"""Dashboard figures against an independent reading of the stored data, filters, and the
children behind a figure."""

import datetime
import re
from collections import Counter, defaultdict
from types import SimpleNamespace

import pytest

from accounts.roles import Role
from accounts.tests.factories import RoleAssignmentFactory, UserFactory
from attendance.models import Category, Exclusion, SessionMark
from children.models import Child
from children.roll.groups import Filters
from children.roll.rules import nc_year
from conftest import DEMO_AS_OF as AS_OF
from conftest import enrol_totp
from reports.dashboard import SECTIONS, build_dashboard
from reports.figures import Figure
from reports.periods import period_from_key

pytestmark = pytest.mark.django_db
PRESENT = {Category.PRESENT, Category.APPROVED}
POSSIBLE = PRESENT | {Category.AUTHORISED, Category.UNAUTHORISED}


def _stage(nc: int) -> str:
    for low, high, label in (
        (-3, 0, "EY"),
        (1, 2, "KS1"),
        (3, 6, "KS2"),
        (7, 9, "KS3"),
        (10, 11, "KS4"),
        (12, 13, "KS5"),
    ):
        if low <= nc <= high:
            return label
    return ""


def test_figures_match_an_independent_reading(demo_la):
    period = period_from_key(demo_la, "2025", AS_OF)
    board = build_dashboard(demo_la, period, today=AS_OF)
    figures = board.figures()
    roll = list(Child.objects.filter(la=demo_la).on_roll(AS_OF))
    ids = {c.pk for c in roll}
    assert figures["cohort.total"].count == len(roll) > 30
    stages = Counter(_stage(nc_year(c.date_of_birth, AS_OF)) for c in roll)
    by_ks = {f.label: f.count for f in figures.values() if f.key.startswith("cohort.ks.")}
    assert sorted(by_ks.values()) == sorted(n for n in stages.values())

    present, possible = defaultdict(int), defaultdict(int)
    marks = SessionMark.objects.filter(child_id__in=ids, date__range=(period.start, AS_OF))
    for child_id, category in marks.values_list("child_id", "category"):
        possible[child_id] += category in POSSIBLE
        present[child_id] += category in PRESENT
    rate = figures["attendance.rate"]
    assert (rate.count, rate.of) == (sum(present.values()), sum(possible.values()))
    persistent = {
        pk for pk in possible if possible[pk] and (possible[pk] - present[pk]) * 10 >= possible[pk]
    }
    assert set(figures["attendance.persistent"].children) == persistent
    assert figures["attendance.persistent"].of == len([pk for pk in possible if possible[pk]])

    rows = Exclusion.objects.filter(child_id__in=ids, starts_on__range=(period.start, AS_OF))
    suspended = {e.child_id for e in rows if e.kind == "suspension"}
    assert figures["exclusions.suspended"].count == len(suspended)
    assert figures["exclusions.sessions"].count == sum(
        e.sessions or 0 for e in rows if e.kind == "suspension"
    )


def test_filters_narrow_every_figure_to_the_chosen_children(demo_la):
    period = period_from_key(demo_la, "2025-spring", AS_OF)
    everyone = build_dashboard(demo_la, period, today=AS_OF).figures()
    ks2_in = build_dashboard(demo_la, period, Filters("KS2", "in"), today=AS_OF).figures()
    assert 0 < ks2_in["cohort.total"].count < everyone["cohort.total"].count
    assert set(ks2_in["attendance.rate"].children) <= set(ks2_in["cohort.total"].children)
    assert set(ks2_in["cohort.total"].children) <= set(everyone["cohort.total"].children)
    assert list(ks2_in) and all(not k.startswith("cohort.ks.Key stage 3") for k in ks2_in)


def _user(la, role):
    user = UserFactory(email=f"{role}@example.org")
    RoleAssignmentFactory(user=user, role=role, la=la)
    enrol_totp(user)
    return user


def test_figures_link_to_their_children_for_roles_allowed_to_see_them(demo_la, signed_in):
    vsh = signed_in(_user(demo_la, Role.VIRTUAL_SCHOOL_HEAD))
    page = vsh.get("/reports/dashboard/?period=2025")
    assert page.status_code == 200 and "figure=attendance.persistent" in page.content.decode()
    assert "<svg" in page.content.decode() and "(the chart's figures)" in page.content.decode()
    listed = vsh.get("/reports/dashboard/children/?period=2025&figure=attendance.persistent")
    figure = build_dashboard(demo_la, period_from_key(demo_la, "2025", AS_OF)).figures()
    assert len(re.findall(r'href="/children/\d+/"', listed.content.decode())) == len(
        figure["attendance.persistent"].children
    )
    assert vsh.get("/reports/dashboard/children/?period=2025&figure=nope").status_code == 404


def test_the_drill_down_reads_the_figure_and_its_children_for_one_day(
    demo_la, signed_in, monkeypatch
):
    """Opened as midnight passes, the children listed are those of the day whose figure the
    drill-down shows, not the next day's."""
    import reports.views

    days = iter([AS_OF, AS_OF + datetime.timedelta(days=1)])
    asked = []
    monkeypatch.setattr(reports.views, "timezone", SimpleNamespace(localdate=lambda: next(days)))
    monkeypatch.setattr(
        reports.views,
        "dashboard_figure",
        lambda la, period, filters, today, key: asked.append(today) or Figure(key, key, 0),
    )
    vsh = signed_in(_user(demo_la, Role.VIRTUAL_SCHOOL_HEAD))
    assert vsh.get("/reports/dashboard/children/?figure=cohort.total").status_code == 200
    assert asked == [AS_OF]


@pytest.mark.parametrize("kept", [True, False])
def test_a_section_built_alone_has_the_figures_of_the_whole(demo_la, kept, monkeypatch):
    """The drill-down reads one section (build_dashboard's `only`): each section alone gives
    the figures, with their children, of the whole dashboard whose keys start with its own,
    and every figure of the whole starts with one section's key; from the lines kept for
    today (the demo's day made today) and worked out from the facts."""
    from django.utils import timezone

    from reports.models import KeptDashboardLine

    real = timezone.localdate
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: real(*a, **k) if a else AS_OF)
    today = AS_OF
    period = period_from_key(demo_la, "2025", today)
    whole = build_dashboard(demo_la, period, Filters(), today, kept=kept, placed_here=False)
    assert KeptDashboardLine.objects.filter(la=demo_la).exists() == kept
    figures = whole.figures()
    assert [s.key for s in whole.sections] == list(SECTIONS)
    assert {key.split(".", 1)[0] for key in figures} == set(SECTIONS)
    for section in SECTIONS:
        alone = build_dashboard(demo_la, period, Filters(), today, kept=kept, placed_here=False,
                                only=section).figures()  # fmt: skip
        assert alone == {k: f for k, f in figures.items() if k.split(".", 1)[0] == section}


def test_the_drill_down_shows_a_page_of_children_and_logs_those_shown(
    demo_la, signed_in, monkeypatch
):
    """A figure of the whole roll is listed a page of children at a time (20 here), in the
    order of their LA child IDs, every child on one page, and the access log names the
    children each page showed."""
    import reports.views
    from audit.models import AccessLog

    monkeypatch.setattr(reports.views, "PAGE_SIZE", 20)
    vsh = signed_in(_user(demo_la, Role.VIRTUAL_SCHOOL_HEAD))
    everyone = build_dashboard(demo_la, period_from_key(demo_la, "2025", AS_OF)).figures()
    expected = everyone["cohort.total"].children
    assert 40 < len(expected) <= 60
    for n, pk in enumerate(expected):  # listed by LA child ID, here the reverse of their pks
        Child.objects.filter(pk=pk).update(la_child_id=f"Z{1000 - n}")
    url = "/reports/dashboard/children/?period=2025&figure=cohort.total"
    pages = []
    for number in (1, 2, 3):
        page = vsh.get(f"{url}&page={number}").content.decode()
        pages.append([int(pk) for pk in re.findall(r'href="/children/(\d+)/"', page)])
        logged = AccessLog.objects.order_by("-pk").first()
        assert logged.children == ",".join(map(str, sorted(pages[-1]))), number
        assert f"{len(expected)} children (page {number} of 3)" in page
    assert [len(p) for p in pages[:2]] == [20, 20]
    in_order = Child.objects.filter(pk__in=expected).order_by("la_child_id", "pk")
    assert pages[0] + pages[1] + pages[2] == list(in_order.values_list("pk", flat=True))
    assert "figure=cohort.total&amp;page=2" in vsh.get(url).content.decode()


def test_the_page_keeps_how_many_and_the_drill_down_who(demo_la, signed_in):
    """The page's kept figures (dashboard_kept) say how many children lie behind each figure but
    not who; the drill-down reads who from an entry of its own, the same children as the figures
    worked out in full, and follows a change to the facts."""
    from django.utils import timezone

    from reports.dashboard import dashboard_kept

    today = timezone.localdate()
    period = period_from_key(demo_la, "2025", today)
    full = build_dashboard(demo_la, period).figures()
    kept = dashboard_kept(demo_la, period, Filters(), today).figures()
    assert {k: (f.count, f.of, f.listed) for k, f in kept.items()} == {
        k: (f.count, f.of, len(f.children)) for k, f in full.items()
    }
    assert not any(f.children for f in kept.values()) and full["cohort.uasc"].children
    vsh = signed_in(_user(demo_la, Role.VIRTUAL_SCHOOL_HEAD))
    page = vsh.get("/reports/dashboard/?period=2025").content.decode()
    assert f"View {len(full['cohort.uasc'].children)}<span" in page

    def listed() -> set[int]:
        url = "/reports/dashboard/children/?period=2025&figure=cohort.uasc"
        return {
            int(pk) for pk in re.findall(r'href="/children/(\d+)/"', vsh.get(url).content.decode())
        }

    uasc = set(full["cohort.uasc"].children)
    assert listed() == uasc
    child = Child.objects.get(pk=min(set(full["cohort.total"].children) - uasc))
    child.is_uasc = True
    child.save()
    assert listed() == uasc | {child.pk}


def test_sen_drill_down_needs_view_health_and_board_members_see_no_dashboard(demo_la, client):
    client.force_login(_user(demo_la, Role.AREA_EDUCATION_OFFICER), backend=BACKEND)
    page = client.get("/reports/dashboard/?period=2025").content.decode()
    assert "figure=cohort.sen" not in page and "Health and SEN data" in page
    key = "cohort.sen.Education, health and care plan"
    assert client.get(f"/reports/dashboard/children/?period=2025&figure={key}").status_code == 403
    client.force_login(_user(demo_la, Role.BOARD_MEMBER), backend=BACKEND)
    assert client.get("/reports/dashboard/").status_code == 403


BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def test_a_period_that_does_not_exist_is_not_found(demo_la, signed_in):
    vsh = signed_in(_user(demo_la, Role.VIRTUAL_SCHOOL_HEAD))
    assert vsh.get("/reports/dashboard/?period=1999-autumn").status_code == 200  # form error
    assert period_from_key(demo_la, "1999-autumn", AS_OF) is None
    assert period_from_key(demo_la, "20x5", datetime.date(2026, 1, 1)) is None


def test_the_dashboard_downloads_as_csv_and_the_download_is_logged(demo_la, signed_in):
    import csv
    import io

    from audit.models import AccessLog

    vsh = signed_in(_user(demo_la, Role.VIRTUAL_SCHOOL_HEAD))
    response = vsh.get("/reports/dashboard/?period=2025&format=csv")
    rows = {r["key"]: r for r in csv.DictReader(io.StringIO(response.content.decode()))}
    figures = build_dashboard(demo_la, period_from_key(demo_la, "2025", AS_OF)).figures()
    assert set(rows) == set(figures)
    assert int(rows["cohort.total"]["number"]) == figures["cohort.total"].count
    assert AccessLog.objects.filter(action="export", object_id__startswith="dashboard").exists()


@pytest.mark.parametrize(
    ("in_care_days", "placements", "band"),
    [
        # reporting.md: children with no school place, and for how long; the place was lost
        # when the last placement ended (counting from the next day), or with a placement of
        # type "none" when it began, and not before the current period of care began.
        (400, [(300, 31, "school")], "2. 4 to 12 weeks"),  # ended 31 days ago: lost 30 days ago
        (400, [(300, 28, "school")], "1. Under 4 weeks"),  # ended 28 days ago: lost 27 days ago
        (400, [(300, 29, "school")], "2. 4 to 12 weeks"),  # lost 28 days ago: 4 weeks
        (10, [(400, 200, "school")], "1. Under 4 weeks"),  # ended before this care began
        (400, [(300, 60, "school"), (20, None, "none")], "1. Under 4 weeks"),  # "none" 20 days
        (100, [], "3. Over 12 weeks"),  # no placement since care began 100 days ago
    ],
)
def test_time_without_a_place_counts_from_when_it_was_lost(world, in_care_days, placements, band):
    """The dashboard's bands agree with the no-place alert's start (children.alerts)."""
    from children.models import CareEpisode, EducationPlacement
    from children.roll.loader import roll_entries
    from reports.child_facts import WITHOUT, dashboard_child

    today = datetime.date(2026, 3, 20)
    ago = lambda n: today - datetime.timedelta(days=n)  # noqa: E731
    child = world.unlinked_child
    CareEpisode.objects.filter(child=child).update(started_on=ago(in_care_days), ended_on=None)
    EducationPlacement.objects.filter(child=child).delete()
    for began, ended, kind in placements:
        EducationPlacement.objects.create(
            child=child, school=None if kind == "none" else world.school, provision_type=kind,
            started_on=ago(began), ended_on=None if ended is None else ago(ended),
        )  # fmt: skip
    (entry,) = roll_entries(Child.objects.filter(pk=child.pk), today)
    assert dashboard_child(entry, today)[WITHOUT] == band
