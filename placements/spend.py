"""Actual spend: what the borough has approved or paid on providers' invoices, beside the
committed annual cost of the savings dashboard (issue 16).

Counted from the invoice versions in force that are approved (to be paid) or paid, by the
financial year the invoiced period starts in (April to March), the borough or the lot. Scoped
like every list: borough staff see their borough's, consortium-wide roles every member's.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Case, Count, IntegerField, Q, Sum, When
from django.db.models.functions import ExtractMonth, ExtractYear

from boroughs.models import User

from .choices import InvoiceStatus
from .models import Invoice
from .money import financial_year_label
from .periods import Period

ZERO = Decimal("0.00")
GROUPS = {
    "year": ("financial_year",),
    "borough": ("placement__borough__name",),
    "lot": ("placement__lot__name",),
}
LABELS = {
    "year": lambda row: financial_year_label(row["financial_year"]),
    "borough": lambda row: row["placement__borough__name"],
    "lot": lambda row: row["placement__lot__name"],
}


def spend_totals(*, actor: User, by: str, period: Period | None = None) -> dict[str, dict]:
    """Label -> {approved, paid, actual, invoices}: approved and not yet paid, paid, both."""
    qs = Invoice.objects.for_user(actor).filter(
        status__in=(InvoiceStatus.APPROVED, InvoiceStatus.PAID)
    )
    if period is not None and period.start is not None:
        qs = qs.filter(period_start__gte=period.start)
    if period is not None and period.end is not None:
        qs = qs.filter(period_start__lt=period.end)
    year = ExtractYear("period_start")
    qs = qs.annotate(period_month=ExtractMonth("period_start")).annotate(
        financial_year=Case(
            When(period_month__gte=4, then=year), default=year - 1, output_field=IntegerField()
        )
    )
    rows = qs.values(*GROUPS[by]).annotate(
        invoices=Count("pk"),
        approved=Sum("total", filter=Q(status=InvoiceStatus.APPROVED)),
        paid=Sum("total", filter=Q(status=InvoiceStatus.PAID)),
    )
    totals = {}
    for row in rows.order_by(*GROUPS[by]):
        approved, paid = row["approved"] or ZERO, row["paid"] or ZERO
        totals[LABELS[by](row)] = {
            "invoices": row["invoices"],
            "approved": approved,
            "paid": paid,
            "actual": approved + paid,
        }
    return totals


def beside_committed(savings_rows: list[dict], spend: dict[str, dict]) -> list[dict]:
    """Each breakdown row's committed annual cost with its actual spend (zeros where none),
    and the rows of spend with no placement in the breakdown after them."""
    empty = {"invoices": 0, "approved": ZERO, "paid": ZERO, "actual": ZERO}
    rows = [
        {
            "label": row["label"],
            "committed_annual": row["committed_annual"],
            **spend.get(row["label"], empty),
        }
        for row in savings_rows
    ]
    seen = {row["label"] for row in savings_rows}
    rows += [
        {"label": label, "committed_annual": ZERO, **figures}
        for label, figures in spend.items()
        if label not in seen
    ]
    return rows
