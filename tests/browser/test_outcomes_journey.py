"""Issue 5's "done when", end to end in real Chromium and through the pages alone.

Bright Futures has one accepted return for its Croydon child (summer 2026: communication -2 to
-1, travel 2 to 2, so progress 0.5 a term). Its user submits the autumn 2026 return from the
menu, scoring communication 0 and travel 2; the Croydon commissioner queries it; the provider
corrects travel to 4 (progress (1 + 2) / 2 = 1.5) and the commissioner accepts it. The
benchmark for Bright Futures School then counts two child-terms at a mean of (0.5 + 1.5) / 2 =
1.000 a term, where it showed one at 0.500. axe-core checks every page on the way.
"""

import re

import pytest
from playwright.sync_api import expect

from outcomes.services.returns import return_accept

from ..outcomes.test_returns_helpers import placed_since, submit
from .dps_journey_steps import menu, sign_in_with_mfa, status_tag
from .test_placement_journey import provider_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SETTING = "Bright Futures School"
COMMUNICATION = "Uses a communication aid to ask for help in class"
TRAVEL = "Travels to school on the bus with a travel buddy"
QUERY = "Travel: the bus log shows the child travelled with a buddy all term. Please check."
CORRECTION = "Travel corrected to 4: the child now travels with a buddy every day."


def test_a_corrected_and_accepted_return_moves_the_benchmark(
    page, browser, live_server, alice, pat, placement, targets, terms, assert_accessible
):
    placed = placed_since(placement)
    summer, autumn = terms[5], terms[6]
    return_accept(actor=alice, termly_return=submit(pat, placed, summer, targets, -1, 2))

    commissioner = page
    sign_in_with_mfa(commissioner, live_server.url, alice, assert_accessible)
    assert see_the_benchmark(commissioner, assert_accessible) == ("1", "0.50")

    context = browser.new_context()
    try:
        provider = provider_page(context, live_server.url, pat, assert_accessible)
        menu(provider, "Termly returns")
        assert_accessible(provider)
        provider.get_by_role("link", name=f"Submit return for {placed.reference}, {autumn}").click()
        fill_the_return(
            provider, communication="0", travel="2", assert_accessible=assert_accessible
        )
        provider.get_by_role("button", name="Submit the return").click()
        expect(provider.get_by_role("heading", name=f"Termly return for {autumn}")).to_be_visible()
        expect(status_tag(provider)).to_have_text("Submitted")
        assert_accessible(provider)

        menu(commissioner, "Termly returns")
        # The term is visually hidden (position: absolute), so the name may hold a space before it.
        term = re.escape(str(autumn)).replace("/", r"\x2f")  # Playwright's selector ends at "/"
        link = re.compile(rf"^{placed.reference}\s?, {term} return$")
        commissioner.get_by_role("link", name=link).click()
        expect(status_tag(commissioner)).to_have_text("Submitted")
        assert_accessible(commissioner)
        commissioner.get_by_label("What does the provider need to correct?").fill(QUERY)
        commissioner.get_by_role("button", name="Query the return").click()
        expect(status_tag(commissioner)).to_have_text("Queried")
        expect(history(commissioner)).to_contain_text(QUERY)
        assert_accessible(commissioner)

        provider.reload()
        expect(status_tag(provider)).to_have_text("Queried")
        expect(history(provider)).to_contain_text(QUERY)
        provider.get_by_role("link", name="Correct the return").click()
        assert_accessible(provider)
        # The form comes back with the return as it was sent; only travel changes.
        expect(score(provider, COMMUNICATION, "0")).to_be_checked()
        expect(score(provider, TRAVEL, "2")).to_be_checked()
        score(provider, TRAVEL, "4").check()
        provider.get_by_label("What have you corrected?").fill(CORRECTION)
        provider.get_by_role("button", name="Submit the corrected return").click()
        expect(status_tag(provider)).to_have_text("Submitted")
        expect(history(provider)).to_contain_text(CORRECTION)
        assert_accessible(provider)
    finally:
        context.close()

    commissioner.reload()
    expect(status_tag(commissioner)).to_have_text("Submitted")
    expect(summary_value(commissioner, "Mean progress")).to_have_text("1.50")
    commissioner.get_by_role("button", name="Accept the return").click()
    expect(status_tag(commissioner)).to_have_text("Accepted")
    assert_accessible(commissioner)

    assert see_the_benchmark(commissioner, assert_accessible) == ("2", "1.00")


def fill_the_return(page, *, communication: str, travel: str, assert_accessible):
    expect(page.get_by_role("heading", level=1)).to_contain_text("Termly return")
    assert_accessible(page)
    for outcome, value in ((COMMUNICATION, communication), (TRAVEL, travel)):
        score(page, outcome, value).check()
        target = page.get_by_role("group", name=re.compile(re.escape(outcome)))
        target.get_by_label("Evidence for this score").fill("Seen in class and on the bus log")
    page.get_by_label("Attendance this term (%)").fill("96.5")
    page.get_by_label("Days of suspension this term").fill("0")
    page.get_by_label("Serious incidents this term").fill("0")


def score(page, outcome: str, value: str):
    """The radio for `value` on the scale of the target whose outcome is `outcome`."""
    target = page.get_by_role("group", name=re.compile(re.escape(outcome)))
    return target.get_by_role("radio", name=re.compile(rf"^{re.escape(value)}(:|$)"))


def history(page):
    return page.get_by_role("table", name="History")


def summary_value(page, key: str):
    row = page.locator(".govuk-summary-list__row", has=page.locator("dt", has_text=key))
    return row.locator("dd")


def see_the_benchmark(page, assert_accessible) -> tuple[str, str]:
    """The setting's child-terms and mean progress a term, from the benchmarks page."""
    menu(page, "Benchmarks")
    assert_accessible(page)
    row = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=re.compile(SETTING))
    )
    cells = row.get_by_role("cell")
    # Lot, need, rank in need, children, child-terms, mean progress a term.
    child_terms = cells.nth(4).inner_text().strip()
    mean = cells.nth(5).inner_text().split("\n")[0].strip()
    return child_terms, mean
