"""Payment reporting under the Procurement Act 2023, from the invoices the portal records.

- **Payments compliance (s.69)**, `payments_compliance`: for each borough of the scope, the
  invoices paid in the period (a six-month period is what the Act asks for; the run's period is
  used as chosen) and how long each took from receipt to payment: within 30 days, 31 to 60 days,
  over 60 days, as counts, values and shares, with the count and value of late payment interest
  recorded.
- **Payments over £30,000 (s.70)**, `payments_over_30000`: every payment over £30,000 made in
  the period (a quarter is what the Act asks for) under a placement: date, amount, supplier and
  its identifiers, the contract reference.

An invoice's payment is its live version (a corrected invoice's earlier versions are kept but
were never paid) with a payment date. Days are counted from the day the invoice was received
(local time) to the day it was paid. Nothing about the child is written.
"""

from __future__ import annotations

import pathlib
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone

from boroughs.models import Borough
from boroughs.spreadsheets import csv_writer
from placements.exports import plain
from placements.models import Invoice

from . import BuildResult, Progress
from .base import date_filter, filename

CSV = "text/csv; charset=utf-8"
THRESHOLD = Decimal("30000.00")
BANDS = (("within 30 days", 0, 30), ("31 to 60 days", 31, 60), ("over 60 days", 61, None))
COMPLIANCE_COLUMNS = (
    "Contracting authority",
    "ONS code",
    "Period start",
    "Period end",
    "Invoices paid",
    "Value paid (£)",
    *(
        column
        for label, _low, _high in BANDS
        for column in (f"Paid {label}", f"Paid {label} (% of invoices)", f"Paid {label} (£)")
    ),
    "Invoices with late payment interest",
    "Late payment interest paid (£)",
)
OVER_COLUMNS = (
    "Contracting authority",
    "ONS code",
    "Payment date",
    "Payment amount (£)",
    "Supplier name",
    "Supplier Companies House number",
    "Supplier PPON",
    "Contract reference",
    "Invoice number",
    "Payment reference",
)


def paid_in_period(run: Any):
    """The live invoice versions of the scope's placements paid on a day of the period."""
    invoices = Invoice.objects.current().filter(
        placement__borough_id__in=run.scope_borough_ids(), paid_on__isnull=False
    )
    if run.scope == "strand" and run.strand_id:
        invoices = invoices.filter(placement__lot__dps__strand_id=run.strand_id)
    return invoices.filter(**date_filter(run, "paid_on")).select_related(
        "placement__borough", "provider"
    )


def days_to_pay(invoice: Invoice) -> int:
    return (invoice.paid_on - timezone.localdate(invoice.received_at)).days


def band_of(days: int) -> str:
    for label, low, high in BANDS:
        if days >= low and (high is None or days <= high):
            return label
    return BANDS[0][0]  # paid before it was received: a data error, counted as on time


def share(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def compliance_rows(run: Any) -> list[list]:
    """One row a borough of the scope, in name order, boroughs with no payments included."""
    figures: dict[int, dict] = defaultdict(lambda: {"count": 0, "value": Decimal("0.00")})
    for invoice in paid_in_period(run).iterator(chunk_size=2000):
        borough = invoice.placement.borough
        row = figures[borough.pk]
        row["borough"] = borough
        row["count"] += 1
        row["value"] += invoice.total
        label = band_of(days_to_pay(invoice))
        row[label] = row.get(label, 0) + 1
        row[f"{label} value"] = row.get(f"{label} value", Decimal("0.00")) + invoice.total
        if invoice.late_interest:
            row["interest count"] = row.get("interest count", 0) + 1
            row["interest"] = row.get("interest", Decimal("0.00")) + invoice.late_interest
    rows = []
    for borough in Borough.objects.filter(pk__in=run.scope_borough_ids()).order_by("name"):
        row = figures.get(borough.pk, {"count": 0, "value": Decimal("0.00")})
        cells = [borough.name, borough.ons_code, run.period_start, run.period_end]
        cells += [row["count"], plain(row["value"])]
        for label, _low, _high in BANDS:
            count = row.get(label, 0)
            value = row.get(f"{label} value", Decimal("0.00"))
            cells += [count, share(count, row["count"]), plain(value)]
        cells += [row.get("interest count", 0), plain(row.get("interest", Decimal("0.00")))]
        rows.append(cells)
    return rows


def over_threshold_rows(run: Any) -> list[list]:
    payments = paid_in_period(run).filter(total__gt=THRESHOLD).order_by("paid_on", "pk")
    return [
        [
            invoice.placement.borough.name,
            invoice.placement.borough.ons_code,
            invoice.paid_on,
            plain(invoice.total),
            invoice.provider.legal_name,
            invoice.provider.companies_house_number,
            invoice.provider.ppon,
            invoice.placement.reference,
            invoice.number,
            invoice.payment_reference,
        ]
        for invoice in payments
    ]


class _CsvReport:
    def __init__(self, stem: str, columns: tuple[str, ...], rows, done: str) -> None:
        self.stem, self.columns, self.rows, self.done = stem, columns, rows, done

    def build(self, *, run: Any, path: pathlib.Path, progress: Progress) -> BuildResult:
        progress(10, "Reading the payments")
        rows = self.rows(run)
        progress(80, f"Writing {len(rows):,} rows")
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv_writer(handle)
            writer.writerow(self.columns)
            writer.writerows(rows)
        progress(100, self.done)
        return BuildResult(filename=filename(run, self.stem, "csv"), content_type=CSV)


payments_compliance = _CsvReport(
    "payments-compliance", COMPLIANCE_COLUMNS, compliance_rows, "Payments compliance ready"
)
payments_over_30000 = _CsvReport(
    "payments-over-30000", OVER_COLUMNS, over_threshold_rows, "Payments over £30,000 ready"
)
