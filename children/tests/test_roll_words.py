"""Words, not codes, where people read: the DfE's labels for legal status and ethnicity (with the
code beside them), and school years as schools name them."""

import pytest

from children.templatetags.roll_words import ethnicity_words, legal_status_words, school_year


@pytest.mark.parametrize(
    ("code", "words"),
    [("C2", "Full care order (C2)"), ("V2", "Single period of accommodation under section 20 (V2)"),
     ("J2", "Placed in LA accommodation under PACE (J2)"), ("", "Not recorded"), ("Q9", "Q9")],
)  # fmt: skip
def test_legal_status(code, words):
    assert legal_status_words(code) == words


def test_ethnicity():
    assert ethnicity_words("OOTH") == "Any other ethnic group (OOTH)"
    assert ethnicity_words("AIND") == "Indian (AIND)"


@pytest.mark.parametrize(
    ("nc_year", "words"),
    [(-2, "Early years (before nursery)"), (-1, "Nursery"), (0, "Reception"), (1, "Year 1"),
     (13, "Year 13"), (14, "Past Year 13"), (None, "Not known")],
)  # fmt: skip
def test_school_year(nc_year, words):
    assert school_year(nc_year) == words
