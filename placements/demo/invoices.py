"""The demo's invoices: the last three full months of the longest-running placements, invoiced
by their providers and decided by the boroughs, through placements.services, then dated as
finance would have recorded them.

A realistic mix: most exactly as expected, some pence or pounds out (within the consortium's
tolerance of £5 and 1%), a few with a variance the commissioner queried or approved with a
reason, one month invoiced twice under another number (disputed as a duplicate), the first two
months paid (most within 30 days of receipt, some late, one with late payment interest), the
last month waiting for a decision.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from boroughs.models import Consortium

from .. import services
from ..charges import expected_charge
from ..choices import InvoiceStatus, PlacementStatus
from ..models import BillingSettings, Invoice, InvoiceEvent, Placement
from ..services.invoices import Line
from .run import Run

PLACEMENTS = 36
TOLERANCE = {"tolerance_pounds": Decimal("5.00"), "tolerance_percent": Decimal("1.00")}
# Days from receipt to payment, by the placement's place in the list: mostly on time.
PAYMENT_DAYS = (12, 18, 21, 26, 9, 28, 35, 44, 16, 73)


def months_before(today: date, count: int) -> list[tuple[date, date]]:
    """The last `count` full calendar months before `today`, oldest first."""
    first = today.replace(day=1)
    months = []
    for _ in range(count):
        last = first - timedelta(days=1)
        first = last.replace(day=1)
        months.append((first, last))
    return months[::-1]


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=timezone.get_current_timezone())


def seed_invoices(run: Run) -> None:
    for consortium in Consortium.objects.all():
        BillingSettings.objects.get_or_create(consortium=consortium, defaults=TOLERANCE)
    months = months_before(run.today, 3)
    running = (
        Placement.objects.filter(status=PlacementStatus.ACTIVE, starts_on__lt=months[0][0])
        .select_related("borough")
        .order_by("starts_on", "pk")[:PLACEMENTS]
    )
    duplicated = False
    for index, placement in enumerate(running):
        provider = run.provider_users.get(placement.provider_id)
        commissioner = run.commissioners.get(placement.borough_id)
        if provider is None or commissioner is None:
            continue
        for month, (start, end) in enumerate(months):
            invoice = _submit(provider, placement, f"{placement.reference}-{start:%Y%m}", start,
                              end, index, month)  # fmt: skip
            received = end + timedelta(days=3)
            _decide(commissioner, invoice, index, month, received)
            if not duplicated and index == 3 and month == 1:
                again = _submit(provider, placement, f"{placement.reference}-{start:%Y%m}-B",
                                start, end, 0, month)  # fmt: skip
                services.invoice_dispute(
                    actor=commissioner, invoice=again,
                    reason=f"A duplicate of invoice {invoice.number} for the same month",
                )  # fmt: skip
                _date(again, received + timedelta(days=1), None)
                duplicated = True


def _submit(provider, placement, number, start, end, index, month) -> Invoice:
    parts = expected_charge(placement, start, end).by_part()
    lines = [Line(part, amount) for part, amount in parts.items()]
    if index % 7 == 2:  # pence or pounds out: within tolerance
        lines[0] = Line(lines[0].part, lines[0].amount + Decimal("1.50"))
    elif index % 11 == 5 and month == 1:  # a therapy session billed that the fee does not cover
        lines.append(Line("other", Decimal("180.00")))
    return services.invoice_submit(
        actor=provider, placement=placement, number=number, period_start=start, period_end=end,
        lines=lines,
    )  # fmt: skip


def _decide(commissioner, invoice: Invoice, index: int, month: int, received: date) -> None:
    if month == 2:  # the latest month: still to decide
        _date(invoice, received, None)
        return
    if invoice.status == InvoiceStatus.VARIANCE and index % 2:
        services.invoice_query(
            actor=commissioner, invoice=invoice,
            message="The agreed fee covers therapy: please send the invoice without the extra line",
        )  # fmt: skip
        _date(invoice, received, None)
        return
    services.invoice_approve(
        actor=commissioner, invoice=invoice, reason="Checked against the agreement"
    )
    days = PAYMENT_DAYS[index % len(PAYMENT_DAYS)]
    paid = received + timedelta(days=days)
    services.invoice_mark_paid(
        actor=commissioner, invoice=invoice, paid_on=timezone.localdate(),
        reference=f"BACS-{invoice.pk:06d}",
        late_interest=Decimal("14.20") if days > 60 else None,
    )  # fmt: skip
    _date(invoice, received, paid)


def _date(invoice: Invoice, received: date, paid: date | None) -> None:
    """As finance recorded it: received three days after the month, decided within a week."""
    Invoice.objects.filter(pk=invoice.pk).update(
        received_at=_at(received), **({"paid_on": paid} if paid else {})
    )
    for step, event in enumerate(InvoiceEvent.objects.filter(invoice=invoice).order_by("pk")):
        moment = received + timedelta(days=min(step * 3, 7))
        if paid and event.to_status == InvoiceStatus.PAID:
            moment = paid
        InvoiceEvent.objects.filter(pk=event.pk).update(at=_at(moment))
