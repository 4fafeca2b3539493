"""Issue 13's "done when" for the award, in real Chromium and through the pages alone.

Three uninspected settings have offered (one above its DPS ceiling, with the provider's reason).
The commissioner sees them unranked (no quality evidence yet), the offer above the ceiling
tagged, and an award refused until every offer is rated or the reason recorded. Once rated they
rank on needs fit and price; the commissioner awards through check your answers; the evaluation
page then shows exactly the table it showed before the award, cell by cell, with the PDF record;
each provider that offered sees its own scores beside the winner's, never another loser's.
"""

import pytest
from playwright.sync_api import expect

from tests.placements.evaluation_record.conftest import (  # noqa: F401 (fixtures)
    tess,
    third_setting,
    three_offers,
)
from tests.placements.evaluation_record.helpers import page_url

from .dps_journey_steps import sign_in_with_mfa

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEEDS_FIT = {"Bright Futures School": "1", "Other Schools Sutton": "4", "Third Way Academy": "3"}


def offers_table(page) -> list[list[str]]:
    """The side-by-side table as the browser renders it: each row's cells' text."""
    region = page.get_by_role("region", name="Offers side by side")
    return [
        [" ".join(cell.inner_text().split()) for cell in row.locator("th, td").all()]
        for row in region.locator("tr").all()
    ]


def row(table: list[list[str]], label: str) -> list[str]:
    return next(cells[1:] for cells in table if cells and cells[0].lower() == label.lower())


def test_an_award_is_made_on_rated_offers_and_its_record_never_changes(
    page,
    browser,
    live_server,
    alice,
    pat,
    olly,
    three_offers,  # noqa: F811 (the imported fixture)
    assert_accessible,
):
    sign_in_with_mfa(page, live_server.url, alice, assert_accessible)
    evaluation = live_server.url + page_url("request_evaluation", three_offers)
    page.goto(evaluation)
    expect(page.get_by_text("Not ranked yet: 3 offers have no quality evidence")).to_be_visible()
    expect(page.get_by_role("region", name="Offers side by side")).to_contain_text("Above ceiling")
    assert row(offers_table(page), "Total score, of 100") == ["Not scored"] * 3
    assert_accessible(page)

    # Before any rating, the award is refused until the reason is recorded.
    page.get_by_role("group", name="Which offer do you award?").get_by_label(
        "Third Way Academy", exact=False
    ).check()
    page.get_by_label("Reason for the award").fill("Waking night staff, which the child needs")
    page.get_by_role("button", name="Award placement").click()
    expect(page.get_by_role("alert")).to_contain_text("Rate every offer for how well it meets")
    assert_accessible(page)

    page.goto(evaluation)
    for setting, score in NEEDS_FIT.items():
        group = page.get_by_role("group", name=f"How well does {setting} meet the needs?")
        group.get_by_label(score, exact=False).first.check()
        group.locator("xpath=ancestor::form").get_by_role("button", name="Save rating").click()
        page.goto(evaluation)
    expect(page.get_by_text("Not ranked yet")).to_have_count(0)
    before = offers_table(page)
    assert row(before, "Weekly fee") == ["£1,720.00", "£1,620.00", "£1,520.00"]
    assert row(before, "Total score, of 100") == ["95.4", "82.5", "55.0"]

    page.get_by_role("group", name="Which offer do you award?").get_by_label(
        "Third Way Academy", exact=False
    ).check()
    page.get_by_label("Reason for the award").fill("Waking night staff, which the child needs")
    page.get_by_role("button", name="Award placement").click()
    expect(page.get_by_role("heading", name="Check your answers before awarding")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Confirm and award").click()
    expect(page.locator(".govuk-panel")).to_contain_text("Placement awarded")
    assert_accessible(page)

    page.goto(evaluation)
    expect(page.get_by_text("This is the evaluation as it stood at the decision")).to_be_visible()
    assert offers_table(page) == before  # every line and cell, as it stood
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the evaluation record (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert_accessible(page)

    totals = dict(zip(before[0][1:], row(before, "Total score, of 100"), strict=True))
    for user, own, other in (
        (pat, "Bright Futures", "Other Schools"),
        (olly, "Other Schools", "Bright Futures"),
    ):
        context = browser.new_context(base_url=live_server.url)
        provider = context.new_page()
        sign_in_with_mfa(provider, live_server.url, user, assert_accessible)
        invitation = three_offers.invitations.get(setting__name__startswith=own.split()[0])
        provider.goto(f"{live_server.url}/placements/invitations/{invitation.public_id}/")
        summary = provider.get_by_role("region", name="Your scores and the winning offer's")
        expect(summary).to_contain_text("Winning offer")
        text = summary.inner_text()
        assert next(v for k, v in totals.items() if k.startswith(own)) in text
        assert next(v for k, v in totals.items() if k.startswith("Third Way")) in text
        assert next(v for k, v in totals.items() if k.startswith(other)) not in text
        assert_accessible(provider)
        context.close()
