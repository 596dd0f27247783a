import string

from hypothesis import given
from hypothesis import strategies as st

from children.upn import CHECK_LETTERS, upn_check_letter, upn_is_valid

bodies = st.text(alphabet=string.digits, min_size=12, max_size=12)


def test_known_upn():
    # 3,3,0,2,0,1,9,2,5,0,0,1 weighted 2..13: 6+9+0+10+0+7+72+18+50+0+0+13 = 185;
    # 185 mod 23 = 1, and position 1 of ABCDEFGHJKLMNPQRTUVWXYZ is B.
    assert upn_check_letter("330201925001") == "B"
    assert upn_is_valid("B330201925001")
    assert not upn_is_valid("A330201925001")


@given(bodies)
def test_generated_check_letter_always_validates(body):
    assert upn_is_valid(upn_check_letter(body) + body)


@given(bodies, st.sampled_from(CHECK_LETTERS))
def test_any_other_letter_is_invalid(body, letter):
    if letter != upn_check_letter(body):
        assert not upn_is_valid(letter + body)


@given(st.text(max_size=20))
def test_never_crashes_on_rubbish(text):
    assert upn_is_valid(text) in (True, False)
