"""The consolidated file of a borough's approved invoices for its finance system, and the
settings finance works by: the consortium's tolerance and the borough's cost centres.

The file names the child by the borough's reference, never by name; each download is logged
(`InvoiceExport`: who, when, which period, how many, how much).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from boroughs import policy
from boroughs.models import Borough, Consortium, User
from kernel.errors import DomainError

from ..choices import InvoiceStatus
from ..models import BillingSettings, CostCentre, InvoiceExport
from ..selectors import cost_centres_of, invoices_to_export

EXPORT_COLUMNS = (
    "invoice_number",
    "supplier_name",
    "supplier_reference",
    "placement_reference",
    "child_reference",
    "period_start",
    "period_end",
    "cost_centre",
    "part",
    "amount",
    "approved_by",
    "approved_at",
)
MSG_EXPORT_PERIOD = "The period must end on or after it starts"
MSG_CODE = "Enter the cost-centre code"


def _approval(invoice):
    events = [e for e in invoice.events.all() if e.to_status == InvoiceStatus.APPROVED]
    return events[-1] if events else None


@transaction.atomic
def invoices_export(
    *, actor: User, borough: Borough, period_from: date, period_to: date
) -> list[tuple]:
    """Rows of EXPORT_COLUMNS, one per invoice line, for the borough's approved invoices of
    the period; the download is logged in the same transaction."""
    policy.require(actor, "placements.export_invoice", borough)
    if period_to < period_from:
        raise DomainError(MSG_EXPORT_PERIOD, field="period_to")
    codes = cost_centres_of(borough)
    rows, invoices, total = [], 0, Decimal("0.00")
    for invoice in invoices_to_export(
        borough=borough, period_from=period_from, period_to=period_to
    ):
        placement, approval = invoice.placement, _approval(invoice)
        approved_by = approval.actor.full_name if approval and approval.actor else ""
        approved_at = timezone.localtime(approval.at).isoformat() if approval else ""
        code = codes.get(placement.lot_id, codes.get(None, ""))
        supplier = invoice.provider
        for line in invoice.lines.all():
            rows.append(
                (
                    invoice.number,
                    supplier.legal_name,
                    supplier.companies_house_number or str(supplier.public_id),
                    placement.reference,
                    placement.child.reference,
                    invoice.period_start,
                    invoice.period_end,
                    code,
                    line.part,
                    line.amount,
                    approved_by,
                    approved_at,
                )
            )
        invoices += 1
        total += invoice.total
    InvoiceExport.objects.create(
        borough=borough,
        period_start=period_from,
        period_end=period_to,
        invoices=invoices,
        total=total,
        downloaded_by=actor,
    )
    return rows


@transaction.atomic
def cost_centre_set(*, actor: User, borough: Borough, lot_id: int | None, code: str) -> None:
    """The borough's cost-centre code for a lot (None: for every lot without its own); an
    empty code removes it."""
    policy.require(actor, "placements.change_costcentre", borough)
    code = code.strip()
    if not code:
        CostCentre.objects.filter(borough=borough, lot_id=lot_id).delete()
        return
    CostCentre.objects.update_or_create(borough=borough, lot_id=lot_id, defaults={"code": code})


@transaction.atomic
def billing_settings_save(
    *,
    actor: User,
    consortium: Consortium,
    tolerance_pounds: Decimal | None,
    tolerance_percent: Decimal | None,
) -> BillingSettings:
    """The consortium's tolerance for invoices; it applies to invoices matched from now on."""
    policy.require(actor, "placements.change_billingsettings", consortium)
    for field, value in (
        ("tolerance_pounds", tolerance_pounds),
        ("tolerance_percent", tolerance_percent),
    ):
        if value is not None and value < 0:
            raise DomainError("Enter a tolerance of £0 or more", field=field)
    settings, _ = BillingSettings.objects.update_or_create(
        consortium=consortium,
        defaults={
            "tolerance_pounds": tolerance_pounds,
            "tolerance_percent": tolerance_percent,
            "updated_by": actor,
            "updated_at": timezone.now(),
        },
    )
    return settings
