"""Actual spend (approved and paid invoices) beside committed on the savings dashboard."""

from decimal import Decimal

import pytest
from django.urls import reverse

from placements import services
from placements.money import financial_year_label

from .helpers import month_of, submit

pytestmark = pytest.mark.django_db


def test_approved_and_paid_invoices_are_actual_spend_beside_committed(
    client_for, alice, charlie, pat, placement, charges_engine
):
    paid = submit(pat, placement, charges_engine, number="S-1")
    approved = submit(pat, placement, charges_engine, number="S-2")
    submit(pat, placement, charges_engine, number="S-3")  # not decided: not spend
    for invoice in (paid, approved):
        services.invoice_approve(actor=alice, invoice=invoice)
    _, end = month_of(placement)
    services.invoice_mark_paid(actor=alice, invoice=paid, paid_on=end, reference="B-1")
    page = client_for(alice).get(reverse("placements:savings"))
    spend = page.context["spend"]
    assert spend["paid"] == paid.total and spend["approved"] == approved.total
    assert spend["actual"] == paid.total + approved.total
    start, _ = month_of(placement)
    year = financial_year_label(start.year if start.month >= 4 else start.year - 1)
    rows = {row["label"]: row for row in page.context["spend_by_year"]}
    assert rows[year]["actual"] == paid.total + approved.total
    download = client_for(alice).get(
        reverse("placements:savings"), {"download": "spend-by-borough"}
    )
    assert "Actual spend" in download.content.decode()
    bromley = client_for(charlie).get(reverse("placements:savings")).context["spend"]
    assert bromley["actual"] == Decimal("0")  # another borough's spend is its own
