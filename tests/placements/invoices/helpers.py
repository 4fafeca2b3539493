"""What the invoice tests share: a month of the placement and the invoice the engine expects."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from placements import services
from placements.services.invoices import Line


def month_of(placement) -> tuple[date, date]:
    """The first full calendar month the placement runs."""
    start = placement.starts_on.replace(day=1)
    start = (start + timedelta(days=32)).replace(day=1)
    end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return start, end


def expected_lines(charges_engine, placement, start, end, *, plus=Decimal("0")) -> list[Line]:
    """The expected charge as invoice lines; `plus` added to the first."""
    parts = charges_engine.expected_charge(placement, start, end).by_part()
    lines = [Line(part, amount) for part, amount in parts.items()]
    first = lines[0]
    return [Line(first.part, first.amount + plus), *lines[1:]]


def submit(pat, placement, charges_engine, *, number="INV-1", plus=Decimal("0")):
    start, end = month_of(placement)
    return services.invoice_submit(
        actor=pat,
        placement=placement,
        number=number,
        period_start=start,
        period_end=end,
        lines=expected_lines(charges_engine, placement, start, end, plus=plus),
    )
