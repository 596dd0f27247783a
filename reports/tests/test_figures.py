"""Suppression (reporting.md): counts below the threshold, and percentages from them, show c."""

from decimal import Decimal

from reports.figures import Figure


def test_small_counts_and_percentages_built_on_them_are_suppressed():
    small = Figure("k", "Suspended", 3, of=40, children=(1, 2, 3))
    assert (small.count_text(5), small.percent_text(5)) == ("c", "c")
    assert (small.count_text(), small.percent_text()) == ("3", "7.5%")
    on_a_small_base = Figure("k", "On time", 7, of=4)
    assert on_a_small_base.percent_text(5) == "c"
    none = Figure("k", "Permanent exclusions", 0, of=40)
    assert (none.count_text(5), none.percent_text(5)) == ("0", "0.0%")
    at_threshold = Figure("k", "Persistent absence", 5, of=5)
    assert (at_threshold.count_text(5), at_threshold.percent_text(5)) == ("5", "100.0%")


def test_rates_and_averages_are_suppressed_by_the_children_behind_them():
    rate = Figure("k", "Attendance", 900, of=1000, unit="sessions", children=(1, 2))
    assert (rate.count_text(5), rate.percent_text(5)) == ("c", "c")
    a8 = Figure("k", "A8", 2, unit="points", value=Decimal("21.5"), children=(1, 2))
    assert a8.count_text(5) == "c" and a8.count_text() == "21.5"
    money = Figure("k", "Paid", None, unit="pounds", value=Decimal("1234.5"))
    assert money.count_text(5) == "£1,234.50"


def test_a_lone_suppressed_part_takes_the_next_smallest_with_it():
    from reports.figures import Breakdown, Section, secondary_suppression

    rows = [Figure(f"ks.{n}", str(n), n, of=33) for n in (3, 10, 20)]
    pair = [Figure("a", "Under a year", 2, of=50), Figure("b", "A year or more", 48, of=50)]
    section = Section("s", "S", figures=pair, complements=[("a", "b")])
    section.breakdowns = [Breakdown("ks", "By key stage", "KS", rows)]
    secondary_suppression([section], 5)
    assert [r.count_text(5) for r in rows] == ["c", "c", "20"]
    assert [f.count_text(5) for f in pair] == ["c", "c"]
    assert [r.count_text() for r in rows] == ["3", "10", "20"]  # the Virtual School's version
    two_small = [Figure(f"x.{n}", str(n), n, of=30) for n in (2, 3, 25)]
    secondary_suppression([Section("t", "T", breakdowns=[Breakdown("x", "X", "X", two_small)])], 5)
    assert [r.count_text(5) for r in two_small] == ["c", "c", "25"]


def test_a_report_names_its_period_for_people():
    from reports.models import ReportRun

    assert ReportRun(period="2025-autumn").period_label == "Autumn term 2025 to 2026"
    assert ReportRun(period="2025").period_label == "School year 2025 to 2026"
