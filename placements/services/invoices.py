"""Writes for invoices: a provider submits or corrects one; the borough approves, queries or
disputes it and records its payment.

Every invoice is matched against the placement's expected charge the moment it arrives
(placements.reconciliation); the match is frozen on the version. A correction is a new version
(the old one moves to replaced and is kept); decisions are events, never rewrites.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from boroughs import policy
from boroughs.models import User
from kernel.errors import MSG_REASON_REQUIRED, DomainError, Duplicate
from kernel.workflow import transition

from .. import notifications
from ..choices import InvoiceStatus, MatchKind
from ..models import FEE_PARTS, BillingSettings, Invoice, InvoiceEvent, InvoiceLine, Placement
from ..reconciliation import Tolerance, match
from ..workflow import COMMISSIONER, PROVIDER, invoice_machine

PARTS = (*FEE_PARTS, "fee")
MSG_DUPLICATE = "Invoice {number} has already been submitted"
MSG_NUMBER = "Enter the invoice number"
MSG_PERIOD = "The period must end on or after it starts"
MSG_OUTSIDE = "The period must fall within the placement, which runs from {start}{end}"
MSG_NO_LINES = "Enter at least one line"
MSG_PART = "Choose a part of the fee: " + ", ".join(PARTS)
MSG_AMOUNT = "Enter an amount in pounds and pence, not less than £0"
MSG_TWICE = "The invoice has {part} twice: one line each part"
MSG_PAID_ON = "The payment date cannot be before the invoice was approved"
MSG_PAYMENT_REFERENCE = "Enter the payment reference"
MSG_INTEREST = "Late payment interest must be £0 or more"


@dataclass(frozen=True)
class Line:
    part: str
    amount: Decimal
    description: str = ""


def check_lines(lines: Sequence[Line]) -> None:
    if not lines:
        raise DomainError(MSG_NO_LINES, field="lines")
    seen = set()
    for line in lines:
        if line.part not in PARTS:
            raise DomainError(MSG_PART, field="lines")
        if line.amount < 0 or line.amount != line.amount.quantize(Decimal("0.01")):
            raise DomainError(MSG_AMOUNT, field="lines")
        if line.part in seen:
            raise DomainError(MSG_TWICE.format(part=line.part), field="lines")
        seen.add(line.part)


def check_period(placement: Placement, start: date, end: date) -> None:
    if end < start:
        raise DomainError(MSG_PERIOD, field="period_end")
    if end < placement.starts_on or (placement.ends_on and start > placement.ends_on):
        until = f" to {placement.ends_on:%-d %B %Y}" if placement.ends_on else ""
        raise DomainError(
            MSG_OUTSIDE.format(start=f"{placement.starts_on:%-d %B %Y}", end=until),
            field="period_start",
        )


def expected_for(placements: Iterable[Placement], start: date, end: date) -> dict:
    """Placement id -> its expected charge for the period (placements.charges)."""
    from ..charges import expected_charge

    return {p.pk: expected_charge(p, start, end) for p in placements}


def tolerance_for(consortium_id: int) -> Tolerance:
    return Tolerance.of(BillingSettings.objects.filter(consortium_id=consortium_id).first())


def build(
    *,
    actor: User,
    placement: Placement,
    number: str,
    start: date,
    end: date,
    lines: Sequence[Line],
    charge,
    tolerance: Tolerance,
    replaces: Invoice | None = None,
) -> tuple[Invoice, list[InvoiceLine], list[InvoiceEvent]]:
    """An invoice version, matched, with its lines and its first two events, none saved yet."""
    found = match({line.part: line.amount for line in lines}, charge.by_part(), tolerance)
    status = InvoiceStatus.MATCHED if found.kind != MatchKind.VARIANCE else InvoiceStatus.VARIANCE
    now = timezone.now()
    invoice = Invoice(
        provider_id=placement.provider_id,
        placement=placement,
        number=number,
        version=replaces.version + 1 if replaces else 1,
        replaces=replaces,
        period_start=start,
        period_end=end,
        received_at=now,
        submitted_by=actor,
        status=status,
        total=sum((line.amount for line in lines), Decimal("0.00")),
        match_kind=found.kind,
        expected_total=found.expected_total,
        match_lines=found.lines,
        match_explanation=found.reasons,
        tolerance_used=found.tolerance,
        charge_explanation=list(getattr(charge, "explanation", ())),
    )
    rows = [InvoiceLine(invoice=invoice, **line.__dict__) for line in lines]
    events = [
        InvoiceEvent(invoice=invoice, to_status=InvoiceStatus.SUBMITTED, actor=actor, at=now),
        InvoiceEvent(
            invoice=invoice,
            from_status=InvoiceStatus.SUBMITTED,
            to_status=status,
            at=now,
            reason=MatchKind(found.kind).label,
        ),
    ]
    return invoice, rows, events


def save_built(built: list[tuple[Invoice, list[InvoiceLine], list[InvoiceEvent]]]) -> None:
    """Insert built invoices in three statements (batched), whatever their number."""
    Invoice.objects.bulk_create([invoice for invoice, _, _ in built], batch_size=2000)
    for invoice, rows, events in built:
        for row in (*rows, *events):
            row.invoice_id = invoice.pk
    InvoiceLine.objects.bulk_create([r for _, rows, _ in built for r in rows], batch_size=5000)
    InvoiceEvent.objects.bulk_create([e for _, _, events in built for e in events], batch_size=5000)


@transaction.atomic
def invoice_submit(
    *,
    actor: User,
    placement: Placement,
    number: str,
    period_start: date,
    period_end: date,
    lines: Sequence[Line],
) -> Invoice:
    """A provider's invoice for one placement and period, matched at once to its expected
    charge. Refused naming the number when the provider already sent one with that number."""
    policy.require(actor, "placements.submit_invoice", placement)
    number = number.strip()
    if not number:
        raise DomainError(MSG_NUMBER, field="number")
    check_period(placement, period_start, period_end)
    check_lines(lines)
    if Invoice.objects.filter(provider_id=placement.provider_id, number=number).exists():
        raise Duplicate(MSG_DUPLICATE.format(number=number), field="number")
    charge = expected_for([placement], period_start, period_end)[placement.pk]
    built = build(
        actor=actor,
        placement=placement,
        number=number,
        start=period_start,
        end=period_end,
        lines=lines,
        charge=charge,
        tolerance=tolerance_for(placement.borough.consortium_id),
    )
    save_built([built])
    return built[0]


@transaction.atomic
def invoice_correct(
    *, actor: User, invoice: Invoice, lines: Sequence[Line], reason: str = ""
) -> Invoice:
    """The provider's answer to a query or dispute: a new version with corrected lines, matched
    afresh; the queried version moves to replaced and is kept as it was."""
    policy.require(actor, "placements.correct_invoice", invoice)
    check_lines(lines)
    old = transition(
        invoice_machine(),
        invoice,
        to=InvoiceStatus.REPLACED,
        party=PROVIDER,
        actor=actor,
        reason=reason.strip() or "Corrected",
    )
    placement = old.placement
    charge = expected_for([placement], old.period_start, old.period_end)[placement.pk]
    built = build(
        actor=actor,
        placement=placement,
        number=old.number,
        start=old.period_start,
        end=old.period_end,
        lines=lines,
        charge=charge,
        tolerance=tolerance_for(placement.borough.consortium_id),
        replaces=old,
    )
    save_built([built])
    return built[0]


def _decide(actor: User, invoice: Invoice, to: str, reason: str) -> Invoice:
    """The decision as an event; the provider's users are emailed it after commit."""
    policy.require(actor, "placements.decide_invoice", invoice)
    decided = transition(
        invoice_machine(), invoice, to=to, party=COMMISSIONER, actor=actor, reason=reason
    )
    notifications.invoice_decided(invoice)
    return decided


@transaction.atomic
def invoice_approve(*, actor: User, invoice: Invoice, reason: str = "") -> Invoice:
    """Approve for payment (409 if already decided). A variance may be approved: the reason
    then says why."""
    return _decide(actor, invoice, InvoiceStatus.APPROVED, reason.strip())


@transaction.atomic
def invoice_query(*, actor: User, invoice: Invoice, message: str) -> Invoice:
    """Ask the provider about the invoice; the message is what the provider reads."""
    if not message.strip():
        raise DomainError(MSG_REASON_REQUIRED, field="reason")
    return _decide(actor, invoice, InvoiceStatus.QUERIED, message.strip())


@transaction.atomic
def invoice_dispute(*, actor: User, invoice: Invoice, reason: str) -> Invoice:
    """Refuse the invoice as it stands, with the reason the provider reads."""
    if not reason.strip():
        raise DomainError(MSG_REASON_REQUIRED, field="reason")
    return _decide(actor, invoice, InvoiceStatus.DISPUTED, reason.strip())


def approved_on(invoice: Invoice) -> date | None:
    event = invoice.events.filter(to_status=InvoiceStatus.APPROVED).order_by("-at").first()
    return timezone.localdate(event.at) if event else None


@transaction.atomic
def invoice_mark_paid(
    *,
    actor: User,
    invoice: Invoice,
    paid_on: date,
    reference: str,
    late_interest: Decimal | None = None,
) -> Invoice:
    """Finance paid the approved invoice on `paid_on` under `reference` (409 unless approved):
    recorded once, on the row and in the event."""
    policy.require(actor, "placements.decide_invoice", invoice)
    reference = reference.strip()
    if not reference:
        raise DomainError(MSG_PAYMENT_REFERENCE, field="reference")
    approved = approved_on(invoice)
    locked = transition(
        invoice_machine(),
        invoice,
        to=InvoiceStatus.PAID,
        party=COMMISSIONER,
        actor=actor,
        reason=f"Paid on {paid_on.isoformat()}, reference {reference}",
    )
    if approved and paid_on < approved:
        raise DomainError(MSG_PAID_ON, field="paid_on")  # rolls the transition back
    if late_interest is not None and late_interest < 0:
        raise DomainError(MSG_INTEREST, field="late_interest")
    Invoice.objects.filter(pk=locked.pk).update(
        paid_on=paid_on, payment_reference=reference, late_interest=late_interest
    )
    invoice.paid_on, invoice.payment_reference = paid_on, reference
    invoice.late_interest = late_interest
    return invoice
