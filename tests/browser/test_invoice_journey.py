"""Issue 16's invoices in real Chromium, through the pages alone: the provider uploads a month's
invoices by CSV, one has a variance, with a year's invoice in advance; the commissioner queries
the variance, the provider corrects it, the commissioner approves the invoices, exports the month
for finance and marks two paid. A lead-borough analyst then asks for the Procurement Act 2023
payment reports (s.69 and s.70) for the period of the payments, a real Celery worker builds them,
and the CSVs downloaded from the pages show the payments."""

import csv as csv_module
import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from placements.charges import expected_charge
from tests.placements.invoices.helpers import month_of

from .dps_journey_steps import menu, sign_in_with_mfa, status_tag
from .test_placement_journey import day_month_year, fill_date
from .test_report_journey import private_files  # noqa: F401  (a fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("private_files"),
]

HEADER = "invoice_number,placement_reference,period_start,period_end,part,amount\n"
S69 = "Payments compliance, Procurement Act 2023 section 69 (CSV)"
S70 = "Payments over £30,000, Procurement Act 2023 section 70 (CSV)"
THRESHOLD = Decimal("30000.00")


def test_an_invoice_is_uploaded_queried_corrected_approved_exported_paid_and_reported(
    page,
    browser,
    live_server,
    alice,
    pat,
    lead_analyst,
    placement,
    celery_worker,  # started once the placement is built: its emails are sent in the test
    assert_accessible,
    tmp_path,
):
    start, end = month_of(placement)
    parts = expected_charge(placement, start, end).by_part()
    # A year's fees invoiced in advance from the month after: over £30,000, so s.70 lists it.
    year_start = end + timedelta(days=1)
    year_end = year_start.replace(year=year_start.year + 1) - timedelta(days=1)
    year_parts = expected_charge(placement, year_start, year_end).by_part()
    year_total = sum(year_parts.values())
    assert year_total > THRESHOLD
    rows = [
        f"{number},{placement.reference},{start},{end},{part},{amount + extra}"
        for number, extra in (("BF-1", Decimal("0")), ("BF-2", Decimal("25.00")))
        for n, (part, amount) in enumerate(parts.items())
        for extra in [extra if n == 0 else Decimal("0")]
    ] + [
        f"BF-3,{placement.reference},{year_start},{year_end},{part},{amount}"
        for part, amount in year_parts.items()
    ]
    csv = tmp_path / "invoices.csv"
    csv.write_text(HEADER + "\n".join(rows) + "\n")

    sign_in_with_mfa(page, live_server.url, pat, assert_accessible)
    page.goto(f"{live_server.url}/placements/our-invoices/upload/")
    page.get_by_label("CSV file").set_input_files(str(csv))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("3 invoices uploaded: 2 matched, 1 with a variance")).to_be_visible()
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
    for number in ("BF-1", "BF-2", "BF-3"):
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

    # The year's invoice is paid the day it was received and approved.
    today = timezone.localdate()
    council.goto(f"{live_server.url}/placements/invoices/?status=approved")
    council.get_by_role("link", name="BF-3").click()
    fill_date(council, "Date paid", today.day, today.month, today.year)
    council.get_by_label("Payment reference").fill("BACS-2027-002")
    council.get_by_role("button", name="Mark as paid").click()
    expect(council.get_by_text("Payment recorded")).to_be_visible()

    # The lead-borough analyst reports the payments made from the first of this month to the day
    # BF-2 was paid: BF-2 paid `end` (received today), BF-3 paid today.
    month_total = sum(parts.values())
    period = (today.replace(day=1), end)
    analyst = browser.new_context(accept_downloads=True).new_page()
    sign_in_with_mfa(analyst, live_server.url, lead_analyst, assert_accessible)
    s69 = read_csv(run_report(analyst, S69, period, assert_accessible))
    s70 = read_csv(run_report(analyst, S70, period, assert_accessible))

    croydon = next(row for row in s69 if row["Contracting authority"] == "Croydon")
    assert {
        "Period start": period[0].isoformat(),
        "Period end": period[1].isoformat(),
        "Invoices paid": "2",
        "Value paid (£)": f"{month_total + year_total:.2f}",
        "Invoices with late payment interest": "0",
        "Late payment interest paid (£)": "0.00",
    }.items() <= croydon.items()
    late = band((end - today).days)
    assert late != "within 30 days"  # the placement starts two months on: BF-2 is paid later
    for label in ("within 30 days", "31 to 60 days", "over 60 days"):
        paid = {"within 30 days": year_total, late: month_total}.get(label)
        assert croydon[f"Paid {label}"] == ("1" if paid else "0"), label
        assert croydon[f"Paid {label} (% of invoices)"] == ("50.0" if paid else "0.0"), label
        assert croydon[f"Paid {label} (£)"] == f"{paid or 0:.2f}", label
    others = [row for row in s69 if row["Contracting authority"] != "Croydon"]
    assert others and all(row["Invoices paid"] == "0" for row in others)

    assert s70 == [
        {
            "Contracting authority": "Croydon",
            "ONS code": croydon["ONS code"],
            "Payment date": today.isoformat(),
            "Payment amount (£)": f"{year_total:.2f}",
            "Supplier name": "Bright Futures Education Limited",
            "Supplier Companies House number": "01234567",
            "Supplier PPON": placement.provider.ppon,
            "Contract reference": placement.reference,
            "Invoice number": "BF-3",
            "Payment reference": "BACS-2027-002",
        }
    ]  # BF-2, under £30,000, is not a s.70 payment


def band(days: int) -> str:
    """The s.69 band a payment made `days` after the invoice was received falls in."""
    return "within 30 days" if days <= 30 else "31 to 60 days" if days <= 60 else "over 60 days"


def run_report(page, kind: str, period, assert_accessible) -> Path:
    """Ask for the consortium's `kind` report for `period` from the reports page, wait for the
    worker to build it (the page polls its status) and download it."""
    menu(page, "Reports")
    page.get_by_role("button", name="Request a report").click()
    page.get_by_label(kind).check()
    page.get_by_label("The whole consortium").check()
    fill_date(page, "First day of the period", *day_month_year(period[0]))
    fill_date(page, "Last day of the period", *day_month_year(period[1]))
    page.get_by_role("button", name="Request report").click()
    expect(page.get_by_role("heading", name=kind, level=1)).to_be_visible()
    expect(status_tag(page)).to_have_text("Done", timeout=30_000)
    assert_accessible(page)
    with page.expect_download() as downloading:
        page.get_by_role("button", name=re.compile(r"^Download payments-")).click()
    assert downloading.value.suggested_filename.endswith(".csv")
    return Path(downloading.value.path())


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv_module.DictReader(handle))
