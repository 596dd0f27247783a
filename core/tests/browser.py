"""Browser-test harness: Playwright on Debian's chromium, with axe-core on every page visited.

Use the `a11y_page` fixture: navigate with it as with a Playwright page, call `checked()` after
each page you reach, and the fixture fails the test at the end if any page it navigated to was
never checked. Later issues reuse `sign_in` and the fixture for their own journeys.
"""

from __future__ import annotations

from pathlib import Path

from accounts.totp import totp_code_now

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


class AccessibilityError(AssertionError):
    pass


class A11yPage:
    def __init__(self, page):
        self.page = page
        self.navigated: list[str] = []
        self.checked_urls: list[str] = []
        page.on("framenavigated", self._on_navigate)

    def _on_navigate(self, frame) -> None:
        if frame == self.page.main_frame:
            self.navigated.append(frame.url)

    def __getattr__(self, name):
        return getattr(self.page, name)

    def checked(self) -> dict:
        """Run axe-core on the current page; raise with every violation if there are any."""
        self.page.wait_for_load_state("load")
        if not self.page.evaluate("typeof window.axe !== 'undefined'"):
            # evaluate() runs through the DevTools protocol, outside the page's CSP.
            self.page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
        result = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
        )
        self.checked_urls.append(self.page.url)
        if result["violations"]:
            raise AccessibilityError(_describe(self.page.url, result["violations"]))
        return result

    def unchecked(self) -> list[str]:
        return [u for u in self.navigated if u not in self.checked_urls and u != "about:blank"]


def _describe(url: str, violations: list[dict]) -> str:
    lines = [f"axe-core found {len(violations)} WCAG violation(s) on {url}:"]
    for v in violations:
        targets = ", ".join(str(n["target"]) for n in v["nodes"][:5])
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} at {targets}")
    return "\n".join(lines)


def sign_in(page: A11yPage, base_url: str, email: str, password: str, totp_secret: str) -> None:
    """Sign in through the real pages, MFA included, checking each page on the way."""
    page.goto(base_url + "/")
    page.checked()
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]:has-text('Sign in')")
    page.checked()
    page.fill("input[name=code]", totp_code_now(totp_secret))
    page.click("button[type=submit]:has-text('Continue')")
    page.checked()
