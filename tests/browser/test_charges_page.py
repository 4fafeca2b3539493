"""A placement's expected charges in real Chromium: from the placement's page to its charges,
a line per part of the fee, the total, how it is worked out, and the next billing period; the
page passes axe (WCAG 2.2 AA)."""

from datetime import date

import pytest
from playwright.sync_api import expect

from placements.models import FeeChange, Placement
from placements.term_dates import load_term_dates

from .dps_journey_steps import sign_in_with_mfa

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_commissioner_reads_a_placements_charges_month_by_month(
    page, live_server, alice, placement, consortium, assert_accessible
):
    # Education £1,400 and therapies £120 a week, 38 weeks, from Wednesday 14 October 2026:
    # 8 term days in October (14-16, 19-23); November is all Autumn 2 term from Monday 2
    # November: 2-6, 9-13, 16-20, 23-27 and Monday 30 = 21 term days.
    load_term_dates(consortium)
    Placement.objects.filter(pk=placement.pk).update(starts_on=date(2026, 10, 14))
    FeeChange.objects.filter(placement=placement).update(effective_from=date(2026, 10, 14))
    sign_in_with_mfa(page, live_server.url, alice, assert_accessible)

    page.goto(f"{live_server.url}/placements/{placement.public_id}/")
    page.get_by_role("link", name="Charges").click()
    page.get_by_label("From (YYYY-MM-DD)").fill("2026-10-01")
    page.get_by_label("To (YYYY-MM-DD)").fill("2026-10-31")
    page.get_by_role("button", name="Show charges").click()
    table = page.get_by_role("region", name="Expected charges")
    expect(table).to_contain_text("£2,240.00")  # £1,400 x 8 / 5
    expect(table).to_contain_text("£192.00")  # £120 x 8 / 5
    expect(table).to_contain_text("£2,432.00")
    expect(page.get_by_role("heading", name="How this is worked out")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Next period").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("1 November 2026")
    # 21 term days: £1,400 x 21 / 5 = £5,880.00; £120 x 21 / 5 = £504.00; total £6,384.00.
    expect(page.get_by_role("region", name="Expected charges")).to_contain_text("£6,384.00")
    assert_accessible(page)
