from datetime import timedelta
from decimal import Decimal

import pytest

from kernel.errors import DomainError, Duplicate, InvalidTransition, NotAllowed
from placements import services
from placements.choices import InvoiceStatus, MatchKind
from placements.models import BillingSettings, Invoice
from placements.services.invoices import Line

from .helpers import month_of, submit

pytestmark = pytest.mark.django_db


def test_an_invoice_of_the_expected_charge_matches_exactly(pat, placement, charges_engine):
    invoice = submit(pat, placement, charges_engine)
    assert invoice.status == InvoiceStatus.MATCHED
    assert invoice.match_kind == MatchKind.EXACT
    assert invoice.total == invoice.expected_total
    assert [e.to_status for e in invoice.events.all()] == ["submitted", "matched"]


def test_a_pound_over_is_a_variance_without_a_tolerance(pat, placement, charges_engine):
    invoice = submit(pat, placement, charges_engine, plus=Decimal("1.00"))
    assert invoice.status == InvoiceStatus.VARIANCE
    assert invoice.difference == Decimal("1.00")
    assert "(£1.00 more)" in invoice.match_explanation[0]


def test_a_pound_over_is_within_the_consortiums_tolerance(pat, placement, charges_engine):
    BillingSettings.objects.create(
        consortium=placement.borough.consortium, tolerance_pounds=Decimal("5.00")
    )
    invoice = submit(pat, placement, charges_engine, plus=Decimal("1.00"))
    assert invoice.status == InvoiceStatus.MATCHED
    assert invoice.match_kind == MatchKind.WITHIN_TOLERANCE
    assert invoice.tolerance_used == "£5.00"


def test_a_percentage_tolerance_applies_to_the_expected_total(pat, placement, charges_engine):
    BillingSettings.objects.create(
        consortium=placement.borough.consortium, tolerance_percent=Decimal("0.01")
    )
    invoice = submit(pat, placement, charges_engine, plus=Decimal("100.00"))
    assert invoice.match_kind == MatchKind.VARIANCE


def test_the_same_number_twice_is_refused_naming_it(pat, placement, charges_engine):
    submit(pat, placement, charges_engine)
    with pytest.raises(Duplicate, match="Invoice INV-1 has already been submitted"):
        submit(pat, placement, charges_engine)


def test_another_provider_cannot_invoice_the_placement(olly, placement, charges_engine):
    with pytest.raises(NotAllowed):
        submit(olly, placement, charges_engine)


def test_a_period_before_the_placement_is_refused(pat, placement):
    start = placement.starts_on - timedelta(days=60)
    with pytest.raises(DomainError, match="must fall within the placement"):
        services.invoice_submit(
            actor=pat,
            placement=placement,
            number="X",
            period_start=start,
            period_end=start + timedelta(days=10),
            lines=[Line("education", Decimal("10.00"))],
        )


def test_the_commissioner_approves_and_a_second_approval_is_409(
    alice, pat, placement, charges_engine
):
    invoice = submit(pat, placement, charges_engine)
    services.invoice_approve(actor=alice, invoice=invoice)
    assert Invoice.objects.get(pk=invoice.pk).status == InvoiceStatus.APPROVED
    with pytest.raises(InvalidTransition):
        services.invoice_approve(actor=alice, invoice=invoice)


def test_a_provider_and_another_borough_cannot_approve(charlie, pat, placement, charges_engine):
    invoice = submit(pat, placement, charges_engine)
    for actor in (pat, charlie):
        with pytest.raises(NotAllowed):
            services.invoice_approve(actor=actor, invoice=invoice)


def test_a_queried_invoice_is_corrected_by_a_new_version_and_the_old_kept(
    alice, pat, placement, charges_engine
):
    invoice = submit(pat, placement, charges_engine, plus=Decimal("50.00"))
    services.invoice_query(actor=alice, invoice=invoice, message="Why £50 more?")
    lines = [Line(line.part, line.amount) for line in invoice.lines.all()]
    lines[0] = Line(lines[0].part, lines[0].amount - Decimal("50.00"))
    corrected = services.invoice_correct(actor=pat, invoice=invoice, lines=lines)
    old = Invoice.objects.get(pk=invoice.pk)
    assert old.status == InvoiceStatus.REPLACED
    assert old.total == invoice.total  # what was queried is kept as it was
    assert corrected.version == 2 and corrected.replaces_id == old.pk
    assert corrected.status == InvoiceStatus.MATCHED
    assert old.events.get(to_status="queried").reason == "Why £50 more?"


def test_a_query_needs_a_message(alice, pat, placement, charges_engine):
    invoice = submit(pat, placement, charges_engine)
    with pytest.raises(DomainError, match="Enter a reason"):
        services.invoice_query(actor=alice, invoice=invoice, message=" ")


def test_an_approved_invoice_is_marked_paid_once(alice, pat, placement, charges_engine):
    invoice = submit(pat, placement, charges_engine)
    services.invoice_approve(actor=alice, invoice=invoice)
    _, end = month_of(placement)
    services.invoice_mark_paid(actor=alice, invoice=invoice, paid_on=end, reference="BACS-1")
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_on, invoice.payment_reference) == ("paid", end, "BACS-1")
    with pytest.raises(InvalidTransition):
        services.invoice_mark_paid(actor=alice, invoice=invoice, paid_on=end, reference="B2")


def test_an_unapproved_invoice_cannot_be_marked_paid(alice, pat, placement, charges_engine):
    invoice = submit(pat, placement, charges_engine)
    _, end = month_of(placement)
    with pytest.raises(InvalidTransition):
        services.invoice_mark_paid(actor=alice, invoice=invoice, paid_on=end, reference="B")


def test_the_provider_is_emailed_the_query_with_its_message(
    alice, pat, placement, charges_engine, mailoutbox, django_capture_on_commit_callbacks
):
    invoice = submit(pat, placement, charges_engine)
    with django_capture_on_commit_callbacks(execute=True):
        services.invoice_query(actor=alice, invoice=invoice, message="Which weeks?")
    sent = [mail for mail in mailoutbox if "INV-1" in mail.subject]
    assert [mail.subject for mail in sent] == ["Invoice INV-1: queried"]
    assert pat.email in sent[0].to and "Which weeks?" in sent[0].body
