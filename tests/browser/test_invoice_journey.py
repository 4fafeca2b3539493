"""Issue 16's invoices in real Chromium, through the pages alone: the provider uploads a month's
invoices by CSV, one has a variance; the commissioner queries it, the provider corrects it, the
commissioner approves it, exports the month for finance and marks it paid."""

from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from placements.charges import expected_charge
from tests.placements.invoices.helpers import month_of

from .dps_journey_steps import sign_in_with_mfa

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "invoice_number,placement_reference,period_start,period_end,part,amount\n"


def test_an_invoice_is_uploaded_queried_corrected_approved_exported_and_paid(
    page, browser, live_server, alice, pat, placement, assert_accessible, tmp_path
):
    start, end = month_of(placement)
    parts = expected_charge(placement, start, end).by_part()
    rows = [
        f"{number},{placement.reference},{start},{end},{part},{amount + extra}"
        for number, extra in (("BF-1", Decimal("0")), ("BF-2", Decimal("25.00")))
        for n, (part, amount) in enumerate(parts.items())
        for extra in [extra if n == 0 else Decimal("0")]
    ]
    csv = tmp_path / "invoices.csv"
    csv.write_text(HEADER + "\n".join(rows) + "\n")

    sign_in_with_mfa(page, live_server.url, pat, assert_accessible)
    page.goto(f"{live_server.url}/placements/our-invoices/upload/")
    page.get_by_label("CSV file").set_input_files(str(csv))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("2 invoices uploaded: 1 matched, 1 with a variance")).to_be_visible()
    assert_accessible(page)

    council = browser.new_context().new_page()
    sign_in_with_mfa(council, live_server.url, alice, assert_accessible)
    council.goto(f"{live_server.url}/placements/invoices/?status=variance")
    council.get_by_role("link", name="BF-2").click()
    expect(council.get_by_text("£25.00 more")).to_be_visible()
    assert_accessible(council)
    council.get_by_label("Query it with the provider").check()
    council.get_by_label("Message to the provider").fill("Why £25 more than the fee?")
    council.get_by_role("button", name="Record decision").click()
    expect(council.get_by_text("Decision recorded")).to_be_visible()

    page.goto(f"{live_server.url}/placements/our-invoices/?status=queried")
    page.get_by_role("link", name="BF-2").click()
    expect(page.get_by_text("Why £25 more than the fee?")).to_be_visible()
    page.get_by_role("link", name="Correct this invoice").click()
    first_part = next(iter(parts))
    label = {"one_to_one": "One-to-one support", "fee": "Fee as one amount"}.get(
        first_part, first_part.capitalize()
    )
    page.get_by_label(label, exact=False).first.fill(str(parts[first_part]))
    page.get_by_role("button", name="Send the corrected invoice").click()
    expect(page.get_by_role("heading", name="Invoice BF-2 (version 2)")).to_be_visible()
    expect(page.get_by_text("Exact (tolerance: none)")).to_be_visible()
    assert_accessible(page)

    council.goto(f"{live_server.url}/placements/invoices/")
    for number in ("BF-1", "BF-2"):
        council.goto(f"{live_server.url}/placements/invoices/")
        council.get_by_role("link", name=number, exact=True).click()
        council.get_by_label("Approve for payment").check()
        council.get_by_role("button", name="Record decision").click()
        expect(council.get_by_text("Decision recorded")).to_be_visible()

    council.goto(f"{live_server.url}/placements/invoices/export/")
    for prefix, day in (("period_from", start), ("period_to", end)):
        group = council.get_by_role(
            "group", name="Periods from" if prefix == "period_from" else "Periods to"
        )
        group.get_by_label("Day").fill(str(day.day))
        group.get_by_label("Month").fill(str(day.month))
        group.get_by_label("Year").fill(str(day.year))
    with council.expect_download() as download:
        council.get_by_role("button", name="Download CSV").click()
    exported = Path(download.value.path()).read_text()
    assert "BF-1" in exported and "BF-2" in exported
    assert placement.child.reference in exported

    council.goto(f"{live_server.url}/placements/invoices/?status=approved")
    council.get_by_role("link", name="BF-2").click()
    group = council.get_by_role("group", name="Date paid")
    group.get_by_label("Day").fill(str(end.day))
    group.get_by_label("Month").fill(str(end.month))
    group.get_by_label("Year").fill(str(end.year))
    council.get_by_label("Payment reference").fill("BACS-2027-001")
    council.get_by_role("button", name="Mark as paid").click()
    expect(council.get_by_text("Payment recorded")).to_be_visible()
    expect(council.get_by_role("cell", name="reference BACS-2027-001")).to_be_visible()
    assert_accessible(council)
