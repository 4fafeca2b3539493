"""Browser tests: Debian's Chromium driven by Playwright, never a downloaded browser."""

import re
import shutil

import pytest
from playwright.sync_api import Error as PlaywrightError

from ..conftest import require_service

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
NAVIGATED = re.compile(r"documentElement|Execution context was destroyed|navigat")
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM):
        require_service(f"{CHROMIUM} is not installed (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": CHROMIUM_FLAGS,
    }


def is_govuk_conditional_reveal(violation) -> bool:
    """GOV.UK Frontend's radios that reveal a follow-up question carry aria-expanded.

    ARIA does not list that attribute for radios, so axe reports it; GOV.UK keeps it on
    purpose, because screen readers announce it (alphagov/govuk-frontend#979). Only that
    finding is let through.
    """
    return violation["id"] == "aria-allowed-attr" and all(
        'class="govuk-radios__input"' in node["html"] and "aria-expanded=" in node["html"]
        for node in violation["nodes"]
    )


@pytest.fixture
def assert_accessible():
    """The browser tests' axe check (WCAG 2.2 AA), less GOV.UK's one known deviation."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def run(page):
        # A click that navigates returns before the next page has loaded; axe run on
        # the page being replaced finds no document. Wait for the page to settle and
        # check the page that arrived.
        for attempt in range(10):
            page.wait_for_load_state()
            try:
                return axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
            except PlaywrightError as error:
                if attempt == 9 or not NAVIGATED.search(str(error)):
                    raise
        raise AssertionError("unreachable")

    def check(page):
        results = run(page)
        results.response["violations"] = [
            v for v in results.response["violations"] if not is_govuk_conditional_reveal(v)
        ]
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"

    return check


@pytest.fixture
def page(page):
    page.set_default_timeout(10_000)
    return page
