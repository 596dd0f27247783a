"""The dashboard's "placed at this LA's schools by other LAs" (reporting.md: a count only): other
LAs' children on the roll on the day whose setting on the day is one of this LA's schools,
narrowed by the key stage filter. Counted from the other LAs' kept lines for today where they
are kept, and otherwise (an LA not kept for today yet, or another day) in the database by the
roll's rules' database forms; both checked here against the
children picked out by hand, and those against the rules' Python forms."""

import datetime

import pytest
from django.utils import timezone

from authorities.models import LocalAuthority
from authorities.tests.factories import LocalAuthorityFactory
from children.roll.groups import Filters
from children.roll.loader import roll_entries
from children.tests.factories import CareEpisodeFactory, ChildFactory, EducationPlacementFactory
from reports.dashboard import _placed_here
from schools.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 30)
YEAR_8 = datetime.date(2014, 3, 1)  # key stage 3 on DAY
YEAR_5 = datetime.date(2017, 3, 1)  # key stage 2 on DAY


@pytest.fixture
def places():
    ours, theirs = LocalAuthorityFactory(code="330"), LocalAuthorityFactory(code="331")
    our_school = SchoolFactory(la_code="330")
    their_school = SchoolFactory(la_code="331")

    def child(la=theirs, born=YEAR_8, care_ended=None, **at):
        made = ChildFactory(la=la, date_of_birth=born)
        CareEpisodeFactory(child=made, started_on=datetime.date(2024, 1, 10), ended_on=care_ended)
        for school, (start, end, dual) in at.items():
            EducationPlacementFactory(
                child=made,
                school={"ours": our_school, "theirs": their_school}[school],
                started_on=start,
                ended_on=end,
                is_dual_registered=dual,
            )
        return made

    since = datetime.date(2025, 9, 1)
    counted = {
        "ks3": child(ours=(since, None, False)),
        "ks2": child(born=YEAR_5, ours=(since, None, False)),
        "ours, dual elsewhere": child(ours=(since, None, False), theirs=(since, None, True)),
    }
    # Left out: moved to their own LA's school yesterday;
    child(ours=(since, DAY - datetime.timedelta(days=1), False), theirs=(DAY, None, False))
    # registered with us as well as at the main school, which is theirs;
    child(theirs=(since, None, False), ours=(since, None, True))
    # no longer looked after on the day; starting with us tomorrow; our own child.
    child(care_ended=DAY - datetime.timedelta(days=10), ours=(since, None, False))
    child(ours=(DAY + datetime.timedelta(days=1), None, False))
    child(la=ours, ours=(since, None, False))
    return ours, counted


def _by_python_rules(la, filters):
    from children.models import Child

    entries = roll_entries(Child.objects.exclude(la=la), DAY)
    return {
        e.child.pk
        for e in entries
        if e.placement
        and e.placement.school
        and e.placement.school.la_code == la.code
        and filters.keeps(e)  # the key stage: these filters name no location
    }


@pytest.mark.parametrize(
    ("key_stage", "expected"),
    [("", {"ks3", "ks2", "ours, dual elsewhere"}), ("KS3", {"ks3", "ours, dual elsewhere"}),
     ("KS2", {"ks2"}), ("KS4", set())],
)  # fmt: skip
@pytest.mark.parametrize("kept", ["another day", "theirs not kept yet", "theirs kept"])
def test_other_las_children_whose_setting_on_the_day_is_ours(
    places, key_stage, expected, kept, monkeypatch
):
    from core.kept import kept_current
    from reports.kept_lines import WHAT
    from reports.models import KeptDashboardLine

    la, counted = places
    theirs = LocalAuthority.objects.get(code="331")
    if kept != "another day":  # DAY is today: ours are kept, as the page reads them
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: DAY)
        kept_current(WHAT, {la.pk}, DAY)
    if kept == "theirs kept":  # their lines answer for them
        kept_current(WHAT, {theirs.pk}, DAY)
    filters = Filters(key_stage=key_stage)
    figure = _placed_here(la, DAY, filters)
    wanted = {counted[name].pk for name in expected}
    assert figure.count == len(wanted)
    # Their lines are not rebuilt for our reader: their own reader or the daily job does it.
    assert KeptDashboardLine.objects.filter(la=theirs).exists() == (kept == "theirs kept")
    assert _by_python_rules(la, filters) == wanted
    assert not figure.listable
