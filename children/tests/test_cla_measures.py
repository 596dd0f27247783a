"""The DfE definitions against an independent reading of their wording: a walk over every day of
the year (not the intervals the service uses), over generated episodes with short breaks,
same-day leaving and re-entry, gaps and overlaps. The reading below is the DfE's wording
(docs/data-formats.md, "DfE definitions"), not the service's code."""

import datetime
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from children.cla_measures import (
    continuously_looked_after_12_months,
    long_term_stable,
    looked_after_on,
    placements_in_year,
)
from core.actors import SYSTEM

D = datetime.date
YEAR = 2025  # 1 April 2024 to 31 March 2025
START, END = D(2024, 4, 1), D(2025, 3, 31)
ONE = datetime.timedelta(days=1)


@dataclass
class Ep:
    started_on: D
    ended_on: D | None
    legal_status: str
    reason_new_episode: str
    reason_ceased: str


def days(first: D, last: D):
    day = first
    while day <= last:
        yield day
        day += ONE


def open_on(e: Ep, day: D) -> bool:
    return e.started_on <= day and (e.ended_on is None or e.ended_on > day)


def la_on(eps, day) -> bool:
    """'Looked after on D': an episode with DECOM <= D and DEC blank or after D, not V3/V4."""
    return any(open_on(e, day) and e.legal_status not in ("V3", "V4") for e in eps)


def holding(eps, day):
    """The episode that holds on a day (of overlapping ones, the later-starting)."""
    current = [e for e in eps if open_on(e, day) and e.legal_status not in ("V3", "V4")]
    return max(current, key=lambda e: e.started_on, default=None)


def placement_of(eps, e):
    """A placement is identified by the episode it began with: an episode starting with RNE L
    on the day the previous one ended is the same placement under a new legal status."""
    ordered = sorted(
        (x for x in eps if x.legal_status not in ("V3", "V4")), key=lambda x: x.started_on
    )
    i = ordered.index(e)
    while (
        i > 0
        and ordered[i].reason_new_episode == "L"
        and ordered[i - 1].ended_on == ordered[i].started_on
    ):
        i -= 1
    return id(ordered[i])


def oracle_continuous(eps) -> bool:
    """Looked after on every day of the year; and in the year no V3/V4 episode, no episode ending
    for a reason other than X1, no episode starting with RNE S (after the year's first day)."""
    touching = [
        e for e in eps if e.started_on <= END and (e.ended_on is None or e.ended_on >= START)
    ]
    return (
        all(any(open_on(e, d) for e in eps) for d in days(START, END))
        and not any(e.legal_status in ("V3", "V4") for e in touching)
        and not any(
            e.ended_on and START <= e.ended_on <= END and e.reason_ceased != "X1" for e in touching
        )
        and not any(START < e.started_on <= END and e.reason_new_episode == "S" for e in touching)
    )


def oracle_placements(eps) -> int:
    """Distinct placements held on some day of the year."""
    held = {placement_of(eps, e) for d in days(START, END) if (e := holding(eps, d))}
    # An overlapped episode that never holds a day alone still held its placement that year.
    for e in eps:
        if e.legal_status not in ("V3", "V4") and any(open_on(e, d) for d in days(START, END)):
            held.add(placement_of(eps, e))
    return len(held)


def oracle_long_term(eps, dob) -> bool:
    """Under 16 at 31 March; looked after every day of the last 2.5 years in one period of care
    (no episode starting S, none ending other than X1, in between; of overlapping episodes the
    later-starting holds); holding the same placement on every day of the last 2 years."""
    age = END.year - dob.year - ((END.month, END.day) < (dob.month, dob.day))
    care_from, placed_from = D(2022, 9, 30), D(2023, 3, 31)
    if age >= 16 or not all(la_on(eps, d) for d in days(care_from, END)):
        return False
    if any(care_from < e.started_on <= END and e.reason_new_episode == "S" for e in eps):
        return False
    # A period that ended on the window's first day, with the next beginning that day, is no
    # break; nor is the end of an episode a later-starting one had already taken over from.
    if any(
        e.ended_on and care_from < e.ended_on <= END and e.reason_ceased != "X1"
        and not any(e.started_on < o.started_on < e.ended_on for o in eps)
        for e in eps
    ):  # fmt: skip
        return False
    placements = {placement_of(eps, holding(eps, d)) for d in days(placed_from, END)}
    return len(placements) == 1


@st.composite
def episode_lists(draw):
    """Episodes in start order: each starts on, after or (an overlap) before the last one ends."""
    start = START - ONE * draw(st.integers(0, 1200))
    eps: list[Ep] = []
    for _ in range(draw(st.integers(1, 5))):
        length = draw(st.one_of(st.none(), st.integers(1, 500)))
        rne = draw(st.sampled_from("SPLT")) if eps else "S"
        end = start + ONE * length if length else None
        rec = draw(st.sampled_from(["X1", "X1", "E13", "E4A"])) if end else ""
        eps.append(Ep(start, end, draw(st.sampled_from(["C2", "C2", "V2", "E1", "V3"])), rne, rec))
        if end is None:
            break
        start = end + ONE * draw(st.sampled_from([0, 0, 0, 3, -20]))  # same day, gap, overlap
    return eps


@settings(max_examples=400, deadline=None)
@given(episode_lists())
def test_continuously_looked_after_matches_the_wording(eps):
    assert continuously_looked_after_12_months(eps, YEAR) == oracle_continuous(eps)


@settings(max_examples=400, deadline=None)
@given(episode_lists())
def test_placements_in_year_matches_the_wording(eps):
    assert placements_in_year(eps, YEAR) == oracle_placements(eps)


@settings(max_examples=400, deadline=None)
@given(episode_lists(), st.dates(D(2007, 1, 1), D(2020, 1, 1)))
def test_long_term_stability_matches_the_wording(eps, dob):
    assert long_term_stable(eps, dob, YEAR) == oracle_long_term(eps, dob)


@settings(max_examples=200, deadline=None)
@given(episode_lists(), st.dates(START, END))
def test_looked_after_on_a_day_matches_the_wording(eps, day):
    assert looked_after_on(eps, day) == la_on(eps, day)


@pytest.mark.parametrize(
    ("eps", "expected"),
    [
        # In care all year under a care order, one move: continuous.
        (
            [
                Ep(D(2023, 1, 1), D(2024, 6, 1), "C2", "S", "X1"),
                Ep(D(2024, 6, 1), None, "C2", "P", ""),
            ],
            True,
        ),
        # A short break during the year breaks it.
        (
            [
                Ep(D(2023, 1, 1), D(2024, 6, 1), "C2", "S", "X1"),
                Ep(D(2024, 6, 1), None, "V3", "T", ""),
            ],
            False,
        ),
        # Left care and came back the same day: a new period of care.
        (
            [
                Ep(D(2023, 1, 1), D(2024, 6, 1), "C2", "S", "E13"),
                Ep(D(2024, 6, 1), None, "C2", "S", ""),
            ],
            False,
        ),
        # Came into care on the year's first day: looked after for the whole year.
        ([Ep(START, None, "C2", "S", "")], True),
    ],
)
def test_examples_of_the_12_month_rule(eps, expected):
    assert continuously_looked_after_12_months(eps, YEAR) is expected


def _generated_return(rng, n: int) -> tuple[list[str], list[str], dict]:
    """A return of `n` children with short breaks, same-day leaving and re-entry, gaps and
    overlaps; with each child's episodes for the oracles."""
    header, episodes, by_child = [], [], {}
    for i in range(n):
        child, dob = f"G{i:03d}", D(2008, 1, 1) + ONE * rng.randint(0, 4000)
        start, eps = START - ONE * rng.randint(0, 1200), []
        for _ in range(rng.randint(1, 6)):
            length = rng.choice([None, rng.randint(1, 500), rng.randint(1, 90), rng.randint(1, 90)])
            end = start + ONE * length if length else None
            rec = rng.choice(["X1", "X1", "E13", "E4A"]) if end else ""
            ls = rng.choice(["C2", "C2", "V2", "E1", "V3"])
            eps.append(Ep(start, end, ls, rng.choice("SPLT") if eps else "S", rec))
            if end is None:
                break
            start = end + ONE * rng.choice([0, 0, 3, -20])
        eps = [e for e in eps if e.started_on <= END]
        if not eps or not any(e.ended_on is None or e.ended_on >= START for e in eps):
            continue
        by_child[child] = (dob, eps)
        header.append(f"{child},1,{dob:%d/%m/%Y},WBRI,,,")
        for e in eps:
            dec = f"{e.ended_on:%d/%m/%Y}" if e.ended_on else ""
            episodes.append(
                f"{child},{e.started_on:%d/%m/%Y},{e.reason_new_episode},{e.legal_status},N1,"
                f"U4,PR1,{dec},{e.reason_ceased},,,,"
            )
    return header, episodes, by_child


@pytest.mark.django_db
def test_cla_measures_command_agrees_with_the_wording_over_a_generated_return(tmp_path):
    import csv
    import random

    from django.core.management import call_command

    from authorities.tests.factories import LocalAuthorityFactory
    from children.importers.ssda903 import ssda903_import
    from children.tests.test_ssda903_returns import write_return

    la = LocalAuthorityFactory(code="330")
    header, episodes, by_child = _generated_return(random.Random(7), 150)
    folder = write_return(tmp_path / "r", header, episodes)
    assert ssda903_import(paths=[folder], la=la, collection_year=YEAR, actor=SYSTEM).ok
    out = tmp_path / "measures.csv"
    call_command("cla_measures", "--la", "330", "--year", "2024-25", "--output", str(out))
    rows = list(csv.DictReader(out.open()))
    # Looked after at any time in the year, by the DfE's "looked after on a day" for any status.
    expected_ids = sorted(
        c
        for c, (_, eps) in by_child.items()
        if any(any(open_on(e, d) for e in eps) for d in days(START, END))
        or any(e.ended_on == START for e in eps)
    )
    assert [r["child_id"] for r in rows] == expected_ids
    for column in ("looked_after_on_31_march", "continuously_looked_after_12_months",
                   "long_term_stable"):  # fmt: skip
        assert {r[column] for r in rows} == {"true", "false"}, f"{column}: the data tests nothing"
    assert {int(r["placements_in_year"]) for r in rows} >= {1, 2, 3}
    for row in rows:
        dob, eps = by_child[row["child_id"]]
        assert row == {
            "child_id": row["child_id"],
            "looked_after_on_31_march": str(la_on(eps, END)).lower(),
            "continuously_looked_after_12_months": str(oracle_continuous(eps)).lower(),
            "placements_in_year": str(oracle_placements(eps)),
            "long_term_stable": str(oracle_long_term(eps, dob)).lower(),
        }, row["child_id"]
