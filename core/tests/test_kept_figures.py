"""Figures kept whole (the dashboard) equal a fresh build after every kind of change to the
LA's facts, whether the change is one row saved or a bulk write, and are reused until then."""

import datetime

import pytest
from django.db import connection

from attendance.services import exclusion_record
from children.models import Child, EducationPlacement
from children.tests.factories import CareEpisodeFactory
from conftest import DEMO_AS_OF
from core.actors import SYSTEM
from core.kept import kept_figures, kept_forget
from reports.dashboard import build_dashboard
from reports.periods import period_from_key

pytestmark = pytest.mark.django_db
TODAY = DEMO_AS_OF


def _figures(board) -> dict:
    return {k: (f.count, f.of, f.value, f.children) for k, f in board.figures().items()}


def _agree(la) -> dict:
    period = period_from_key(la, None, TODAY)
    kept = kept_figures(la.pk, f"test:{TODAY}", lambda: build_dashboard(la, period, today=TODAY))
    fresh = _figures(build_dashboard(la, period, today=TODAY))
    assert _figures(kept) == fresh
    return fresh


def test_kept_figures_are_reused_until_a_change(demo_la):
    calls = []
    key = "test:reuse"
    assert kept_figures(demo_la.pk, key, lambda: calls.append(1) or "first") == "first"
    assert kept_figures(demo_la.pk, key, lambda: calls.append(1) or "second") == "first"
    kept_forget(demo_la)
    assert kept_figures(demo_la.pk, key, lambda: calls.append(1) or "third") == "third"
    assert len(calls) == 2


def test_kept_figures_come_back_as_they_were_kept(demo_la):
    """Stored compressed, read back the same, whatever they are (bytes included)."""
    for n, value in enumerate([b"\x78\x01 bytes", {"a": (1, 2)}, None, 0]):
        kept_figures(demo_la.pk, f"test:same:{n}", lambda v=value: v)
        assert kept_figures(demo_la.pk, f"test:same:{n}", lambda: "worked out again") == value


def test_kept_figures_equal_a_build_after_each_kind_of_change(demo_la):
    before = _agree(demo_la)
    child = Child.objects.filter(la=demo_la).on_roll(TODAY).order_by("pk").first()
    exclusion_record(child=child, kind="suspension", starts_on=TODAY, reasons=["PP"],
                     actor=SYSTEM, sessions=2)  # fmt: skip
    after_exclusion = _agree(demo_la)
    assert after_exclusion != before
    on_roll = Child.objects.filter(la=demo_la).on_roll(TODAY)
    placement = EducationPlacement.objects.filter(
        child__in=on_roll, ended_on=None, started_on__lt=TODAY, provision_type="school"
    ).first()
    placement.ended_on = TODAY - datetime.timedelta(days=5)
    placement.save()
    assert _agree(demo_la) != after_exclusion
    CareEpisodeFactory(child__la=demo_la, child__date_of_birth=datetime.date(2014, 1, 1),
                       started_on=TODAY - datetime.timedelta(days=3))  # fmt: skip
    _agree(demo_la)


def test_a_bulk_write_through_upsert_changes_the_figures(demo_la):
    from attendance.models import Exclusion
    from imports.problems import Report
    from imports.upsert import upsert

    before = _agree(demo_la)
    child = Child.objects.filter(la=demo_la).on_roll(TODAY).order_by("-pk").first()
    rows = [{"child_id": child.pk, "kind": "suspension", "starts_on": TODAY, "sessions": 1,
             "reasons": ["PA"]}]  # fmt: skip
    upsert(Exclusion, key=("child_id", "starts_on"), rows=rows, existing=[], report=Report(),
           label="exclusions", actor=SYSTEM)  # fmt: skip
    assert _agree(demo_la) != before


def test_the_kept_cohort_follows_a_day_of_marks(demo_la):
    """The attendance cohort kept for the VSH equals a fresh one after the marks writer runs."""
    from django.db import transaction

    from attendance.cohort import cohort_summary
    from attendance.models import Category
    from attendance.writer import marks_write

    children = Child.objects.filter(la=demo_la)
    start = TODAY - datetime.timedelta(days=28)

    def fresh():
        return cohort_summary(children, start, TODAY)

    def kept():
        return kept_figures(demo_la.pk, "test:cohort", fresh)

    before = kept()
    assert before == fresh()
    on_roll = list(children.on_roll(TODAY).values_list("pk", flat=True)[:10])
    day = TODAY - datetime.timedelta(days=TODAY.weekday())  # this week's Monday
    marks = [(pk, day, s, "O", Category.UNAUTHORISED, None) for pk in on_roll for s in "AP"]
    marks = [(pk, d, "AM" if s == "A" else "PM", c, k, x) for pk, d, s, c, k, x in marks]
    with transaction.atomic():
        marks_write(marks=marks, la=demo_la, actor=SYSTEM, source="test")
    after = fresh()
    assert after != before and kept() == after


def test_a_row_about_a_row_about_a_child_changes_the_figures(demo_la):
    """A PEP's section or a KS4 move's approval reaches the child through its parent row."""
    from peps.models import PepSection

    calls = []
    key = "test:grandchild"
    count = lambda: calls.append(1) or len(calls)  # noqa: E731
    assert kept_figures(demo_la.pk, key, count) == kept_figures(demo_la.pk, key, count) == 1
    section = PepSection.objects.filter(pep__child__la=demo_la).first()
    section.save()
    assert kept_figures(demo_la.pk, key, count) == 2


def test_the_daily_refresh_prunes_earlier_days_changes(demo_la):
    from core.kept import kept_changes_prune, kept_figures_changed
    from core.models import KeptChange

    kept_figures_changed(la_ids=[demo_la.pk])
    KeptChange.objects.create(la=demo_la, day=TODAY - datetime.timedelta(days=2))
    assert kept_changes_prune(TODAY - datetime.timedelta(days=1)) == 1
    assert KeptChange.objects.filter(la=demo_la).exists()


def test_the_daily_job_works_out_the_figures_pages_open_with(demo_la, monkeypatch, signed_in):
    """refresh_kept_state leaves the dashboard and the school rows as the VSH's pages open them
    in the cache, and the attendance cohort's lines kept: the morning's first reader works
    nothing out."""
    import io

    from django.core.management import call_command

    import attendance.cohort
    import attendance.kept_lines
    import reports.dashboard
    import schools.figures
    from accounts.models import User

    call_command("refresh_kept_state", stdout=io.StringIO())

    def refuse(*args, **kwargs):
        raise AssertionError("worked out again")

    for module, name in ((reports.dashboard, "build_dashboard"), (schools.figures, "school_rows"),
                         (attendance.cohort, "cohort_summary"),
                         (attendance.kept_lines, "cohort_lines")):  # fmt: skip
        monkeypatch.setattr(module, name, refuse)
    client = signed_in(User.objects.get(email="virtual-school-head.330@demo.invalid"))
    for path in ("/", "/reports/dashboard/", "/attendance/"):
        assert client.get(path).status_code == 200, path


@pytest.mark.django_db(transaction=True)
def test_readers_who_miss_at_once_wait_for_the_first():
    """Two readers missing the same entry together: one works it out, the other waits for it
    and reads it (PostgreSQL's advisory lock; SQLite has one writer at a time anyway)."""
    import threading
    import time

    from django.db import connection

    from authorities.tests.factories import LocalAuthorityFactory

    if connection.vendor != "postgresql":
        pytest.skip("the lock is PostgreSQL's")
    la = LocalAuthorityFactory()
    started, calls, answers = threading.Event(), [], []

    def slow():
        calls.append("first")
        started.set()
        time.sleep(0.5)
        return "first"

    def read(compute):
        try:
            answers.append(kept_figures(la.pk, "test:together", compute))
        finally:
            connection.close()

    first = threading.Thread(target=read, args=(slow,))
    first.start()
    started.wait(5)
    second = threading.Thread(target=read, args=(lambda: calls.append("second") or "second",))
    second.start()
    first.join(10)
    second.join(10)
    assert answers == ["first", "first"] and calls == ["first"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
def test_a_kind_rebuilt_for_an_la_tells_the_planner_its_rows(demo_la):
    """Pages join the kept tables; planned on statistics taken before a rebuild, a join over 25,000
    children took seconds. After a full rebuild the table's row estimate is its rows."""
    from core.kept import _KEEPERS, kept_rebuild_la
    from core.models import KeptDay

    KeptDay.objects.filter(la=demo_la).update(computed_for=None)
    rows = {}
    for what, keeper in _KEEPERS.items():
        table = keeper.model._meta.db_table
        # The statistics of an empty table, whatever earlier tests left (an estimate is kept
        # outside transactions): as after a new LA's first import.
        keeper.model.objects.all().delete()
        with connection.cursor() as cursor:
            cursor.execute(f'ANALYZE "{table}"')
        kept_rebuild_la(what, demo_la.pk, TODAY)
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            estimate = cursor.fetchone()[0]
        rows[what] = (estimate, keeper.model.objects.count())
    assert all(estimate == count for estimate, count in rows.values()), rows
    assert sum(count > 0 for _, count in rows.values()) >= 5, rows


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's table locks")
@pytest.mark.django_db(transaction=True)
def test_two_las_rebuilding_kinds_in_opposite_orders_do_not_deadlock(monkeypatch):
    """Each rebuild's ANALYZE holds its table's lock to the end of its transaction: two first
    readers of a new day, each rebuilding two kinds for their own LA in the other order, both
    finish (one skips the statistics the other is taking)."""
    import threading

    from django.db import transaction

    import core.kept
    from authorities.tests.factories import LocalAuthorityFactory
    from core.kept import kept_rebuild_la

    monkeypatch.setattr(core.kept, "_estimate_off", lambda *args: True)  # both analyse
    las = [LocalAuthorityFactory(), LocalAuthorityFactory()]
    both_hold_one = threading.Barrier(2, timeout=10)
    done, failed = [], []

    def rebuild(la, kinds):
        try:
            with transaction.atomic():
                kept_rebuild_la(kinds[0], la.pk, TODAY)
                both_hold_one.wait()
                kept_rebuild_la(kinds[1], la.pk, TODAY)
            done.append(la.pk)
        except Exception as error:  # a deadlock, reported by PostgreSQL to one of them
            failed.append(repr(error))
        finally:
            connection.close()

    kinds = ["peps_due", "attendance_alerts"]
    threads = [threading.Thread(target=rebuild, args=(las[0], kinds)),
               threading.Thread(target=rebuild, args=(las[1], kinds[::-1]))]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert failed == [] and sorted(done) == sorted(la.pk for la in las)
