"""WCAG 1.4.10 reflow: at 320 CSS pixels wide no page scrolls sideways (a wide table scrolls in
its own box); every role's home page at 320 and 1280 px, with axe on each. Set SCREENSHOTS to a
folder to keep a picture of each home page for review."""

import os
from pathlib import Path

import pytest

from accounts.roles import Role
from accounts.tests.factories import PASSWORD
from core.tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW, WIDE = 320, 1280
# What sticks out past the right edge, to say what to fix.
WIDEST = """[...document.querySelectorAll('body *')].filter(
  e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1
).slice(0, 3).map(e => e.tagName + '.' + e.className)"""
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _fits(page) -> None:
    page.checked()
    over = page.evaluate(SIDEWAYS)
    wide = page.evaluate(WIDEST) if over > 0 else []
    assert over <= 0, f"{page.url} scrolls sideways by {over}px at {NARROW}px: {wide}"


def _picture(page, name: str) -> None:
    folder = os.environ.get("SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_the_virtual_school_heads_pages_reflow_at_320px(world, a11y_page, live_server):
    a11y_page.set_viewport_size({"width": NARROW, "height": 900})
    vsh = world.users["virtual_school_head"]
    sign_in(a11y_page, live_server.url, vsh.email, PASSWORD,
            world.totp_secrets["virtual_school_head"])  # fmt: skip
    for path in [
        "/",
        "/children/",
        f"/children/{world.child.pk}/",
        f"/attendance/children/{world.child.pk}/",
        "/attendance/",
        "/peps/",
        "/reports/dashboard/",
        "/children/data-quality/",
        "/children/caseloads/",
        "/users/",
        "/imports/",
        "/account/",
    ]:
        a11y_page.goto(live_server.url + path)
        _fits(a11y_page)


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_roles_home_page_at_320_and_1280px(role, world, a11y_page, live_server):
    user = world.users[role]
    sign_in(a11y_page, live_server.url, user.email, PASSWORD, world.totp_secrets[role])
    for width in (WIDE, NARROW):
        a11y_page.set_viewport_size({"width": width, "height": 900})
        a11y_page.goto(live_server.url + "/")
        _fits(a11y_page) if width == NARROW else a11y_page.checked()
        assert a11y_page.locator("h1").count() == 1
        _picture(a11y_page, f"home-{role}-{width}")
