"""The cohort figures page in a real browser, with axe, the census day chosen by keyboard."""

import pytest

from accounts.tests.factories import PASSWORD
from core.tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_figures_page(world, a11y_page, live_server, tmp_path):
    from core.actors import SYSTEM
    from cwsw.census import cin_census_import
    from cwsw.tests.test_cwsw import _generated, _xml

    path = tmp_path / "cin.xml"
    path.write_text(_xml(_generated(n=60)))
    cin_census_import(path=path, la=world.la, actor=SYSTEM)
    board = world.users["board_member"]
    sign_in(a11y_page, live_server.url, board.email, PASSWORD, world.totp_secrets["board_member"])
    a11y_page.goto(live_server.url + "/")
    a11y_page.checked()
    a11y_page.click("a:has-text('Cohort figures from the CIN census')")
    a11y_page.checked()
    a11y_page.focus("#on")
    a11y_page.keyboard.press("ArrowDown")
    a11y_page.focus("button:has-text('Show')")
    with a11y_page.expect_navigation():
        a11y_page.keyboard.press("Enter")
    a11y_page.checked()
    assert "?on=" in a11y_page.url and "Children in need" in a11y_page.content()
