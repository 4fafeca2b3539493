"""Invoices in the API at /api/v1/placements/invoices/."""

from decimal import Decimal

import pytest

from placements.models import Invoice

from .helpers import expected_lines, month_of, submit

pytestmark = pytest.mark.django_db

API = "/api/v1/placements/invoices"


def body(placement, charges_engine, number="API-1") -> dict:
    start, end = month_of(placement)
    lines = expected_lines(charges_engine, placement, start, end)
    return {
        "placement": str(placement.public_id),
        "number": number,
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "lines": [{"part": line.part, "amount": str(line.amount)} for line in lines],
    }


def test_a_provider_posts_an_invoice_and_it_is_matched(api_for, pat, placement, charges_engine):
    response = api_for(pat).post(f"{API}/", body(placement, charges_engine), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["status"], data["match_kind"]) == ("matched", "exact")
    assert data["child_reference"] == ""  # a provider never reads who the child is
    again = api_for(pat).post(f"{API}/", body(placement, charges_engine), format="json")
    assert again.status_code == 409
    assert again.json() == {"number": ["Invoice API-1 has already been submitted"]}


def test_another_provider_cannot_invoice_anothers_placement(
    api_for, olly, placement, charges_engine
):
    response = api_for(olly).post(f"{API}/", body(placement, charges_engine), format="json")
    assert response.status_code == 404
    assert not Invoice.objects.exists()


def test_approve_then_approve_again_is_409_and_a_provider_gets_403(
    api_for, alice, pat, placement, charges_engine
):
    invoice = submit(pat, placement, charges_engine)
    url = f"{API}/{invoice.public_id}/approve/"
    assert api_for(pat).post(url, {}, format="json").status_code == 403
    first = api_for(alice).post(url, {}, format="json")
    assert first.status_code == 200 and first.json()["status"] == "approved"
    assert first.json()["child_reference"] == placement.child.reference
    assert api_for(alice).post(url, {}, format="json").status_code == 409


def test_another_borough_and_another_provider_get_404(
    api_for, charlie, olly, pat, placement, charges_engine
):
    invoice = submit(pat, placement, charges_engine)
    for user in (charlie, olly):
        assert api_for(user).get(f"{API}/{invoice.public_id}/").status_code == 404
        assert api_for(user).get(f"{API}/").json()["results"] == []
    approve = api_for(charlie).post(f"{API}/{invoice.public_id}/approve/", {}, format="json")
    assert approve.status_code == 404


def test_query_correct_approve_and_mark_paid(api_for, alice, pat, placement, charges_engine):
    invoice = submit(pat, placement, charges_engine, plus=Decimal("10.00"))
    assert invoice.status == "variance"
    queried = api_for(alice).post(
        f"{API}/{invoice.public_id}/query/", {"reason": "Ten pounds over?"}, format="json"
    )
    assert queried.json()["status"] == "queried"
    start, end = month_of(placement)
    lines = expected_lines(charges_engine, placement, start, end)
    corrected = api_for(pat).post(
        f"{API}/{invoice.public_id}/correct/",
        {"lines": [{"part": line.part, "amount": str(line.amount)} for line in lines]},
        format="json",
    )
    assert corrected.status_code == 201
    new = corrected.json()
    assert (new["version"], new["status"]) == (2, "matched")
    approved = api_for(alice).post(f"{API}/{new['id']}/approve/", {}, format="json")
    assert approved.json()["status"] == "approved"
    paid = api_for(alice).post(
        f"{API}/{new['id']}/mark-paid/",
        {"paid_on": end.isoformat(), "reference": "BACS-99", "late_interest": "12.40"},
        format="json",
    )
    assert (paid.json()["status"], paid.json()["payment_reference"]) == ("paid", "BACS-99")
    assert paid.json()["late_interest"] == "12.40"
