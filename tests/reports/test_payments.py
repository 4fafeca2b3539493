"""Payment reporting under the Procurement Act 2023 (s.69 and s.70), from recorded invoices,
checked against figures worked by hand."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commissioning.reports import services as report_services
from commissioning.reports.choices import ReportKind, ReportScope, RunStatus
from commissioning.reports.models import ReportRun
from placements import services
from placements.charges import expected_charge
from placements.models import Invoice
from placements.services.invoices import Line

pytestmark = pytest.mark.django_db

SIX_MONTHS = {"period_start": date(2026, 1, 1), "period_end": date(2026, 6, 30)}


def paid_invoice(alice, pat, placement, month: int, *, received, paid, plus="0", interest=None):
    """An invoice for the placement's `month`th month, approved and paid, then dated as finance
    recorded it: received on `received`, paid on `paid`."""
    start = placement.starts_on + timedelta(days=31 * month)
    end = start + timedelta(days=27)
    parts = expected_charge(placement, start, end).by_part()
    lines = [Line(part, amount) for part, amount in parts.items()]
    lines[0] = Line(lines[0].part, lines[0].amount + Decimal(plus))
    invoice = services.invoice_submit(
        actor=pat, placement=placement, number=f"INV-{month}", period_start=start,
        period_end=end, lines=lines,
    )  # fmt: skip
    services.invoice_approve(actor=alice, invoice=invoice, reason="Checked")
    services.invoice_mark_paid(
        actor=alice, invoice=invoice, paid_on=timezone.localdate(), reference=f"PAY-{month}",
        late_interest=interest,
    )  # fmt: skip
    zone = timezone.get_current_timezone()
    Invoice.objects.filter(pk=invoice.pk).update(
        received_at=datetime.combine(received, datetime.min.time(), tzinfo=zone), paid_on=paid
    )
    invoice.refresh_from_db()
    return invoice


def rows_of(run: ReportRun) -> list[dict]:
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    with run.file.open("rb") as handle:
        return list(csv.DictReader(io.StringIO(handle.read().decode("utf-8"))))


def test_payments_compliance_counts_days_from_receipt_to_payment(
    alice, pat, placement, make_run, emails
):
    with emails():
        on_time = paid_invoice(
            alice, pat, placement, 1, received=date(2026, 1, 5), paid=date(2026, 1, 24)
        )
        late = paid_invoice(
            alice, pat, placement, 2, received=date(2026, 1, 5), paid=date(2026, 3, 1)
        )
        very_late = paid_invoice(
            alice, pat, placement, 3, received=date(2026, 1, 5), paid=date(2026, 4, 20),
            interest=Decimal("12.34"),
        )  # fmt: skip
        paid_invoice(alice, pat, placement, 4, received=date(2026, 6, 1), paid=date(2026, 7, 2))
    run = make_run(kind=ReportKind.PAYMENTS_COMPLIANCE, scope=ReportScope.BOROUGH, **SIX_MONTHS)
    report_services.report_run_execute(run.pk)
    (croydon,) = rows_of(run)
    # 19 days, 55 days and 105 days: one invoice in each band; the July payment is outside.
    assert croydon["Invoices paid"] == "3"
    assert croydon["Value paid (£)"] == str(on_time.total + late.total + very_late.total)
    assert [
        croydon[f"Paid {band}"] for band in ("within 30 days", "31 to 60 days", "over 60 days")
    ] == ["1", "1", "1"]
    assert croydon["Paid within 30 days (% of invoices)"] == "33.3"
    assert croydon["Paid over 60 days (£)"] == str(very_late.total)
    assert (
        croydon["Invoices with late payment interest"],
        croydon["Late payment interest paid (£)"],
    ) == ("1", "12.34")


def test_payments_over_30000_lists_each_payment_above_the_threshold(
    alice, pat, placement, make_run, emails
):
    with emails():
        small = paid_invoice(
            alice, pat, placement, 1, received=date(2026, 4, 1), paid=date(2026, 4, 20)
        )
        large = paid_invoice(
            alice, pat, placement, 2, received=date(2026, 4, 1), paid=date(2026, 5, 6), plus="30000"
        )
    quarter = {"period_start": date(2026, 4, 1), "period_end": date(2026, 6, 30)}
    run = make_run(
        kind=ReportKind.PAYMENTS_OVER_30000, scope=ReportScope.CONSORTIUM, borough=None, **quarter
    )
    report_services.report_run_execute(run.pk)
    (payment,) = rows_of(run)
    assert small.total < Decimal("30000") < large.total
    assert payment["Payment date"] == "2026-05-06"
    assert payment["Payment amount (£)"] == str(large.total)
    assert payment["Supplier name"] == placement.provider.legal_name
    assert payment["Contract reference"] == placement.reference
    assert placement.child.reference not in str(payment)


def test_the_savings_summary_shows_actual_spend_beside_the_savings(
    alice, pat, placement, make_run, emails
):
    from commissioning.reports.builders.savings import render_html
    from commissioning.reports.builders.savings_figures import savings_figures
    from placements.templatetags.money import pounds

    with emails():
        paid = paid_invoice(
            alice, pat, placement, 1, received=date(2026, 4, 1), paid=date(2026, 4, 20)
        )
    run = make_run(
        kind=ReportKind.SAVINGS_SUMMARY,
        scope=ReportScope.BOROUGH,
        period_start=paid.period_start.replace(day=1),
        period_end=paid.period_end,
    )
    figures = savings_figures(run)
    assert figures.spend == [
        {"label": "Croydon", "invoices": 1, "approved": Decimal("0.00"), "paid": paid.total,
         "actual": paid.total}
    ]  # fmt: skip
    html = render_html(run, figures)
    assert "Actual spend" in html and pounds(paid.total) in html
