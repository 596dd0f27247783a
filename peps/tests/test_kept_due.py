"""The PEP due now, kept for the home pages, equals a rebuild from the facts after every kind
of change: a PEP started and moved on, a new school, a new care episode, the calendar, a new
day. Run on the demo LA, whose children have PEPs in every state."""

import datetime

import pytest

from authorities.terms import term_or_typical
from children.models import Child, EducationPlacement
from children.roll.groups import KEY_STAGE_ORDER, label_order
from children.roll.loader import roll_entries
from children.tests.factories import CareEpisodeFactory
from conftest import DEMO_AS_OF
from core.actors import SYSTEM
from peps.compliance import due_now
from peps.kept_due import due_soon
from peps.models import KeptPepDue, Status
from peps.services import pep_initiate

pytestmark = pytest.mark.django_db
TODAY = DEMO_AS_OF


def _fresh(la, day) -> set:
    out, terms = set(), {la.pk: term_or_typical(la, day)}
    for entry in roll_entries(Child.objects.filter(la=la), day, peps=True):
        item = due_now(entry.child, day, terms=terms, history=entry)
        if item is not None:
            pep = item.pep.pk if item.pep else None
            school = entry.placement.school_id if entry.placement else None
            out.add((entry.child.pk, item.due.pep_type, item.due.due_on, pep, item.done,
                     entry.key_stage_label, school))  # fmt: skip
    return out


def _agree(la, day=TODAY) -> set:
    due_soon(Child.objects.filter(la=la), day)  # the pages' read brings the rows up to date
    kept = set(
        KeptPepDue.objects.filter(la=la).values_list("child_id", "pep_type", "due_on", "pep_id",
                                                     "done", "key_stage", "school_id"))  # fmt: skip
    assert kept == _fresh(la, day)
    return kept


def test_the_demo_has_peps_due_in_several_states(demo_la):
    kept = _agree(demo_la)
    assert len({row[4] for row in kept}) == 2 and len({t for _, t, *_ in kept}) >= 2


def test_after_a_pep_is_started_and_moves_on(demo_la):
    before = _agree(demo_la)
    waiting = next(c for c, _, _, pep, *_ in before if pep is None)
    pep = pep_initiate(child=Child.objects.get(pk=waiting), actor=SYSTEM, day=TODAY)
    assert _agree(demo_la) != before
    pep.status = Status.SIGNED_OFF  # the step's own checks are tested elsewhere
    pep.save()
    _agree(demo_la)


def test_after_a_new_school_a_new_episode_and_a_new_day(demo_la):
    _agree(demo_la)
    child = Child.objects.filter(la=demo_la).on_roll(TODAY).first()
    school = EducationPlacement.objects.exclude(school=None).first().school
    EducationPlacement.objects.create(child=child, school=school, urn=school.urn,
                                      provision_type="school", started_on=TODAY)  # fmt: skip
    _agree(demo_la)
    CareEpisodeFactory(child__la=demo_la, child__date_of_birth=datetime.date(2015, 1, 1),
                       started_on=TODAY - datetime.timedelta(days=3))  # fmt: skip
    _agree(demo_la)
    _agree(demo_la, TODAY + datetime.timedelta(days=1))


def test_the_home_page_reads_a_page_of_peps_due(demo_la, django_assert_max_num_queries):
    _agree(demo_la)
    due = due_soon(Child.objects.filter(la=demo_la), TODAY)
    with django_assert_max_num_queries(3):  # the day check, one page, the count
        shown, total = due[:5], len(due)
    assert len(shown) == min(5, total) and total > 0


def test_the_compliance_page_counts_what_the_definitions_say(demo_la):
    """Each figure from its wording, worked out child by child from the facts: due = the due
    date has come; on time = signed off on or before the due date; overdue = past the due date
    and not signed off; good or better among the PEPs given a quality rating."""
    from django.utils import timezone

    from peps.dashboard import pep_dashboard
    from peps.models import Pep
    from peps.services import GOOD_OR_BETTER

    # Some PEPs signed off and rated, some on time and some late, so every figure is tested
    # (the demo's first PEPs are signed off; later ones, still in the workflow, stay overdue).
    for n, pep in enumerate(Pep.objects.filter(child__la=demo_la).order_by("pk")[:12]):
        signed = timezone.make_aware(datetime.datetime.combine(pep.due_on, datetime.time(12)))
        signed += datetime.timedelta(days=(n % 3) - 1)
        rating = ["green", "amber", ""][n % 3]
        Pep.objects.filter(pk=pep.pk).update(
            status=Status.SIGNED_OFF, signed_off_at=signed, quality_rating=rating
        )
    from core.kept import kept_forget

    kept_forget(demo_la)
    terms = {demo_la.pk: term_or_typical(demo_la, TODAY)}
    expected = dict.fromkeys(("children", "due", "on_time", "overdue", "rated", "good"), 0)
    by_label: dict = {}  # (grouping, label): the same counts, for the children of that label
    for entry in roll_entries(Child.objects.filter(la=demo_la), TODAY, peps=True):
        item = due_now(entry.child, TODAY, terms=terms, history=entry)
        if item is None:
            continue
        pep, due_date = item.pep, item.due.due_on
        signed_off = pep is not None and pep.status == Status.SIGNED_OFF
        counts = {
            "children": 1,
            "due": due_date <= TODAY,
            "on_time": bool(due_date <= TODAY and signed_off
                            and timezone.localdate(pep.signed_off_at) <= due_date),
            "overdue": due_date < TODAY and not signed_off,
            "rated": bool(pep and pep.quality_rating),
            "good": bool(pep and pep.quality_rating in GOOD_OR_BETTER),
        }  # fmt: skip
        for name, n in counts.items():
            expected[name] += n
        for key in _labels(entry, demo_la):
            into = by_label.setdefault(key, dict.fromkeys(expected, 0))
            for name, n in counts.items():
                into[name] += n
    board = pep_dashboard(Child.objects.filter(la=demo_la), TODAY)
    got = {k: getattr(board.total, k) for k in expected}
    assert got == expected and expected["on_time"] and expected["good"] and expected["overdue"]
    shown = {(title, g.label): {k: getattr(g, k) for k in expected}
             for title, groups in board.groups.items() for g in groups}  # fmt: skip
    assert shown == by_label
    assert all(len({label for t, label in by_label if t == title}) > 1 for title in board.groups)
    for groups in board.groups.values():  # each grouping in the pages' order of labels
        labels = [g.label for g in groups]
        assert labels == sorted(labels, key=lambda label: label_order((label,)))
    stages = [g.label for g in board.groups["Key stage"]]
    assert stages == [label for label in KEY_STAGE_ORDER if label in stages] and len(stages) > 2
    assert len(board.overdue) == expected["overdue"]


def _labels(entry, la) -> list[tuple[str, str]]:
    """The compliance page's four groupings of a child, from its wording: the school's name,
    the education support advisor's name (else email), the key stage, in or out of the LA."""
    school = entry.placement.school if entry.placement else None
    advisor = entry.child.education_support_advisor
    return [
        ("School", school.name if school else "No school"),
        ("Education support advisor", advisor.get_full_name() if advisor else "Not allocated"),
        ("Key stage", entry.key_stage_label),
        ("In or out of the LA", "No school" if school is None
         else "In the LA" if school.la_code == la.code else "Out of the LA"),
    ]  # fmt: skip


def test_reading_a_whole_la_by_la_gives_the_same_rows(demo_la):
    """core.kept.kept_scope: an LA read whole (by its index) and child by child agree, and a
    child outside the whole LAs is still found."""
    from authorities.models import LocalAuthority

    children = Child.objects.filter(la=demo_la)
    by_child = [(d.child.pk, d.due.due_on) for d in due_soon(children, TODAY)]
    by_la = [(d.child.pk, d.due.due_on) for d in due_soon(children, TODAY, whole=[demo_la.pk])]
    assert by_child == by_la and by_child
    other = LocalAuthority.objects.create(code="331", name="Other")
    assert [(d.child.pk, d.due.due_on) for d in due_soon(children, TODAY, whole=[other.pk])] == (
        by_child
    )


def test_the_compliance_list_filters_and_pages_in_the_database(
    demo_la, django_assert_max_num_queries
):
    """Each filter keeps exactly the rows that match it (checked row by row against the whole
    term's list) and a page costs two queries (the count and the page) whatever the roll."""
    from peps.dashboard import filter_choices, pep_dashboard, pep_list

    board = pep_dashboard(Child.objects.filter(la=demo_la), TODAY)
    every = list(pep_list(board.rows, TODAY, show="all"))
    assert len(every) == board.total.children
    choices = filter_choices(board.rows)
    first = board.rows.exclude(school=None).exclude(key_stage="").order_by("pk").first()
    school, stage = str(first.school_id), first.key_stage
    assert (school, first.school.name) in choices["school"]
    assert (stage, stage) in choices["key_stage"]
    with django_assert_max_num_queries(2):
        found = pep_list(board.rows, TODAY, show="all", school=school, key_stage=stage)
        count, page = len(found), found[:50]
    expected = [d.child.pk for d in every if str(d.school and d.school.pk) == school
                and d.child.pk in _stage(board, stage)]  # fmt: skip
    assert count == len(expected) and [d.child.pk for d in page] == expected[:50] and expected
    overdue = [d.child.pk for d in every if d.overdue]
    assert [d.child.pk for d in pep_list(board.rows, TODAY)] == overdue and overdue


def _stage(board, stage) -> set[int]:
    return set(board.rows.filter(key_stage=stage).values_list("child_id", flat=True))
