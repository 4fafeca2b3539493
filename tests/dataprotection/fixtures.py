"""Data protection fixtures, shared by every test folder (registered in tests/conftest.py): a
Croydon child with every kind of row the portal holds about a
child, each carrying words that appear nowhere else, and a second Croydon child whose own words
must never reach the first one's export.

The history is made through the services, as commissioners and providers would make it: a
request with the policy answers, two invitations, a question answered, two offers, the award,
the agreement signed by both sides and downloaded, a fee uplift by signed variation, two outcome targets, a termly return queried, corrected and accepted, and views of
the record.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from outcomes.services import returns as return_services
from placements import services
from placements.access import access_child
from placements.charges import expected_charge
from placements.models import AgreementDownload, OfferQuestion, PlacementRequest
from placements.services.invoices import Line

from ..outcomes.test_returns_helpers import figures, on_time, placed_since, scores
from ..placements.agreements.helpers import signed_agreement, signed_fee_change
from ..placements.fixtures import request_fields

# Words written about the child, one per free-text field: anonymisation must remove each.
WRITTEN = {
    "not_met_explanation": "Tribunal named a specialist autism school for Sam",
    "question": "Does Sam still need the weighted blanket at lunch?",
    "answer": "Yes, Sam uses it every lunchtime",
    "fee_reason": "Uplift for Sam's extra speech therapy",
    "return_summary": "Sam joined the lunchtime chess club",
    "query_reason": "Please add Sam's attendance for October",
    "evidence": "Sam asked for help with the symbol board",
    "invoice_line": "Sam's extra speech therapy session",
    "invoice_query": "Was Sam's extra session agreed?",
}
OTHER_CHILD = {"reference": "CR-0777", "name": "Robin Other", "needs": "Robin needs a hoist"}


@pytest.fixture
def export_files(settings, tmp_path) -> Path:
    """Private storage in a folder of this test (the storage API, as in production)."""
    root = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root, "base_url": None},
        },
    }
    return root


@pytest.fixture
def full_history(alice, pat, child, placement, targets, terms, emails):
    """The `child` fixture (Sam Example, CR-0042) with a row of every kind held about them."""
    request = placement.request
    # The request is decided, so its answers can no longer change through the services.
    PlacementRequest.objects.filter(pk=request.pk).update(
        not_met_explanation=WRITTEN["not_met_explanation"]
    )
    invitation = request.invitations.get(provider=placement.provider)
    OfferQuestion.objects.create(
        invitation=invitation,
        question=WRITTEN["question"],
        asked_by=pat,
        answer=WRITTEN["answer"],
        answered_by=alice,
        answered_at=timezone.now(),
    )
    placed = placed_since(placement)
    agreement = signed_agreement(placed, pat, alice, emails)
    AgreementDownload.objects.create(agreement=agreement, user=pat, sha256="0" * 64)
    with emails():
        signed_fee_change(
            agreement,
            pat,
            alice,
            on=date(2025, 4, 1),
            lines={"education": "1460.00", "therapies": "120.00"},
            reason=WRITTEN["fee_reason"],
        )
        invoiced(placed, pat, alice)
        made = return_services.return_submit(
            actor=pat,
            placement=placed,
            term=terms[0],
            scores=scores(targets, -1, 3, evidence=WRITTEN["evidence"]),
            on=on_time(terms[0]),
            **figures(summary=WRITTEN["return_summary"]),
        )
        return_services.return_query(
            actor=alice, termly_return=made, reason=WRITTEN["query_reason"]
        )
        return_services.return_correct(
            actor=pat,
            termly_return=made,
            scores=scores(targets, -1, 3, evidence=WRITTEN["evidence"]),
            **figures(summary=WRITTEN["return_summary"]),
            reason="Attendance added",
        )
        return_services.return_accept(actor=alice, termly_return=made)
    access_child(alice, child.public_id, what="record")
    child.refresh_from_db()
    return child


def invoiced(placement, pat, alice) -> None:
    """A month of the placement invoiced with an extra line, which the borough queries."""
    start, end = date(2025, 5, 1), date(2025, 5, 31)
    parts = expected_charge(placement, start, end).by_part()
    lines = [Line(part, amount) for part, amount in parts.items()]
    lines.append(Line("other", Decimal("95.00"), WRITTEN["invoice_line"]))
    invoice = services.invoice_submit(
        actor=pat, placement=placement, number="INV-SAM-1", period_start=start,
        period_end=end, lines=lines,
    )  # fmt: skip
    services.invoice_query(actor=alice, invoice=invoice, message=WRITTEN["invoice_query"])


@pytest.fixture
def other_child(alice, send_day_lot, home_postcode):
    """A second Croydon child with a draft request and a view of their own."""
    other = services.child_save(
        actor=alice,
        reference=OTHER_CHILD["reference"],
        name=OTHER_CHILD["name"],
        date_of_birth=date(2014, 1, 2),
        sex="F",
        home_postcode="CR0 1AA",
        primary_need="PD",
        secondary_needs=[],
    )
    services.request_create(
        actor=alice,
        child=other,
        **request_fields(send_day_lot, needs_summary=OTHER_CHILD["needs"]),
    )
    access_child(alice, other.public_id, what="record")
    return other


def days_ago(days: int):
    return timezone.now() - timedelta(days=days)
