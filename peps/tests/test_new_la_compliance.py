"""A new LA works on day one: setup_la, import_ssda903, then pep_compliance lists every child on
the roll, with the initial PEP due 10 working days (England and Wales bank holidays left out)
after the current period of care began."""

import csv
import datetime
from pathlib import Path

import pytest
from django.core.management import call_command

from authorities.models import LocalAuthority, Term
from children.tests.test_import_ssda903 import GOOD, _expected_roll
from core.actors import SYSTEM

pytestmark = pytest.mark.django_db
D = datetime.date

# GOV.UK's published England and Wales bank holidays for the years the sample return spans.
BANK_HOLIDAYS = {
    D(2025, 1, 1), D(2025, 4, 18), D(2025, 4, 21), D(2025, 5, 5), D(2025, 5, 26),
    D(2025, 8, 25), D(2025, 12, 25), D(2025, 12, 26),
    D(2026, 1, 1), D(2026, 4, 3), D(2026, 4, 6), D(2026, 5, 4), D(2026, 5, 25),
    D(2026, 8, 31), D(2026, 12, 25), D(2026, 12, 28),
}  # fmt: skip


def tenth_working_day_after(day: D) -> D:
    left = 10
    while left:
        day += datetime.timedelta(days=1)
        left -= day.weekday() < 5 and day not in BANK_HOLIDAYS
    return day


def period_of_care_starts(folder: Path, on: D) -> dict[str, D]:
    """From the CSV, by the documented rule: from the episode holding on `on` (of those open,
    the latest-starting), go back while the earlier episode ended on or after the later one's
    start (or never ended), stopping at an episode that starts a new period of care (RNE S)."""

    def parse(raw):
        return datetime.datetime.strptime(raw, "%d/%m/%Y").date() if raw else None

    by_child: dict[str, list] = {}
    for r in csv.DictReader((folder / "episodes.csv").open()):
        episode = (parse(r["DECOM"]), parse(r["DEC"]), r["RNE"])
        by_child.setdefault(r["CHILD"], []).append(episode)
    starts = {}
    for child, eps in by_child.items():
        eps = sorted(e for e in eps if e[0] <= on)
        current = [i for i, (s, e, _) in enumerate(eps) if e is None or e > on]
        if not current:
            continue
        i = current[-1]
        start = eps[i][0]
        while i > 0 and eps[i][2] != "S" and (eps[i - 1][1] is None or eps[i - 1][1] >= start):
            i -= 1
            start = min(start, eps[i][0])
        starts[child] = start
    return starts


def test_setup_la_then_import_then_pep_compliance_lists_every_child(tmp_path):
    call_command("setup_la", "--code", "330", "--name", "Birmingham")
    la = LocalAuthority.objects.get(code="330")
    assert la.terms.count() == 6  # this school year and the next, typical dates
    call_command("import_ssda903", str(GOOD), "--la", "330", "--year", "2025-26")
    day = D(2026, 3, 10)
    out = tmp_path / "peps.csv"
    call_command("pep_compliance", "--la", "330", "--on", day.isoformat(), "--output", str(out))
    rows = {r["child_id"]: r for r in csv.DictReader(out.open())}
    assert set(rows) == _expected_roll(day)
    spring = D(2026, 1, 5)  # the typical spring term starts on the first Monday from 5 January
    starts = period_of_care_starts(GOOD, day)
    initial = {c for c in rows if starts[c] >= spring}
    assert initial, "the sample has children who came into care this term"
    assert {c for c, r in rows.items() if r["pep_type"] == "initial"} == initial
    for child in initial:
        assert rows[child]["due_date"] == tenth_working_day_after(starts[child]).isoformat()
    assert {r["pep_type"] for c, r in rows.items() if c not in initial} == {"termly"}


def test_setup_la_keeps_an_imported_calendar(db):
    call_command("setup_la", "--code", "331", "--name", "Coventry")
    la = LocalAuthority.objects.get(code="331")
    years = set(la.terms.values_list("academic_year", flat=True))
    Term.objects.filter(la=la, name="autumn").update(starts_on=D(2026, 9, 7))
    call_command("setup_la", "--code", "331", "--name", "Coventry City")
    assert set(la.terms.values_list("academic_year", flat=True)) == years
    assert set(la.terms.filter(name="autumn").values_list("starts_on", flat=True)) == {
        D(2026, 9, 7)
    }


def test_a_pep_can_be_started_in_an_la_without_term_dates(world):
    from peps.compliance import matching_pep
    from peps.services import pep_initiate

    assert not world.la.terms.exists()
    pep = pep_initiate(child=world.child, actor=SYSTEM, day=D(2025, 10, 6))
    assert pep.term is not None and pep.term.pk is not None
    assert pep.term.academic_year == 2025 and world.la.terms.count() == 3
    # The unsaved typical term never matches a PEP without a term.
    from peps.clock import Due

    typical = Term(la=world.la, academic_year=2030, name="autumn", starts_on=D(2030, 9, 4),
                   ends_on=D(2030, 12, 20))  # fmt: skip
    assert matching_pep([pep], Due("termly", D(2030, 11, 28), typical, D(2030, 9, 4))) is None
