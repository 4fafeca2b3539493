"""A placement's invoices in the export: each version with its lines, its match to the expected
charge, its payment and its history."""

from __future__ import annotations

from placements.models import Placement

from .entries import Entry, Money, Part
from .people import People
from .requests import event_part


def invoice_entry(invoice, people: People) -> Entry:
    return Entry(
        title=f"Invoice {invoice.number}, version {invoice.version}",
        values=[
            ("number", "Invoice number", invoice.number),
            ("version", "Version", invoice.version),
            ("status", "Status", invoice.get_status_display()),
            ("period_start", "Period from", invoice.period_start),
            ("period_end", "Period to", invoice.period_end),
            ("received_at", "Received", invoice.received_at),
            ("total", "Total", Money(invoice.total)),
            (
                "expected_total",
                "Expected",
                Money(invoice.expected_total) if invoice.expected_total is not None else None,
            ),
            ("match_kind", "Match", invoice.get_match_kind_display()),
            ("paid_on", "Paid", invoice.paid_on),
            ("payment_reference", "Payment reference", invoice.payment_reference),
        ],
        parts=[
            Part(
                "lines",
                "Lines",
                [
                    Entry(
                        title=line.part,
                        values=[
                            ("part", "Part", line.part),
                            ("amount", "Amount", Money(line.amount)),
                            ("description", "Description", line.description),
                        ],
                    )
                    for line in invoice.lines.all()
                ],
                table=True,
            ),
            event_part(invoice.events.all(), people),
        ],
    )


def invoice_part(placement: Placement, people: People) -> Part:
    return Part(
        "invoices",
        "Invoices",
        [invoice_entry(invoice, people) for invoice in placement.invoices.all()],
        empty="No invoices.",
    )
