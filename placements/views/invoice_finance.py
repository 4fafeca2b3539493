"""The borough's side of invoices: the list with filters (and its CSV), the consolidated export
for the finance system, and payments recorded from finance's CSV.

Council staff read their borough's invoices (consortium-wide roles, every borough's); only the
borough's commissioners export them and record payments.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import HttpResponse
from django.urls import path, reverse
from django.views.generic import TemplateView

from boroughs.spreadsheets import csv_writer
from boroughs.tables import DownloadableTablesMixin, Table
from kernel.errors import DomainError
from kernel.pagination import paginate

from .. import selectors
from ..access import log_children_viewed
from ..choices import InvoiceStatus
from ..forms.invoices import CsvUploadForm, ExportForm
from ..services.invoice_export import EXPORT_COLUMNS, invoices_export
from ..services.invoice_upload import PAYMENT_COLUMNS, payments_upload
from .base import StaffFormView, StaffPageMixin

LIST_COLUMNS = (
    "invoice_number",
    "version",
    "provider",
    "placement_reference",
    "child_reference",
    "period_start",
    "period_end",
    "total",
    "expected",
    "match",
    "status",
    "received_at",
)


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


class InvoiceFilters:
    """?status=, ?provider=<public id>, ?from= and ?to= (YYYY-MM-DD): periods inside them."""

    def __init__(self, user, params):
        self.status = params.get("status", "")
        self.status = self.status if self.status in InvoiceStatus.values else ""
        self.period_from = _date(params.get("from", ""))
        self.period_to = _date(params.get("to", ""))
        self.providers = list(
            selectors.invoice_list(actor=user)
            .order_by("provider__legal_name")
            .values("provider_id", "provider__public_id", "provider__legal_name")
            .distinct()
        )
        wanted = params.get("provider", "")
        self.provider = next(
            (p for p in self.providers if str(p["provider__public_id"]) == wanted), None
        )

    def apply(self, user):
        provider_id = self.provider["provider_id"] if self.provider else None
        return selectors.invoice_list(
            actor=user,
            status=self.status,
            provider_id=provider_id,
            period_from=self.period_from,
            period_to=self.period_to,
        )


def list_row(invoice) -> tuple:
    return (
        invoice.number,
        invoice.version,
        invoice.provider.legal_name,
        invoice.placement.reference,
        invoice.placement.child.reference,
        invoice.period_start,
        invoice.period_end,
        invoice.total,
        invoice.expected_total,
        invoice.get_match_kind_display(),
        invoice.get_status_display(),
        invoice.received_at.date(),
    )


class InvoiceListView(DownloadableTablesMixin, StaffPageMixin, TemplateView):
    template_name = "placements/invoices/invoice_list.html"
    download_prefix = "invoices"

    def get_context_data(self, **kwargs):
        filters = InvoiceFilters(self.request.user, self.request.GET)
        self.rows = filters.apply(self.request.user)
        page = paginate(self.request, self.rows)
        invoices = list(page.object_list)
        child_ids = [invoice.placement.child_id for invoice in invoices]
        log_children_viewed(self.request.user, child_ids, "invoices list")
        return super().get_context_data(
            invoices=invoices,
            page=page,
            filters=filters,
            statuses=InvoiceStatus.choices,
            **kwargs,
        )

    def tables(self, context) -> list[Table]:
        rows = (list_row(invoice) for invoice in self.rows)
        return [Table("list", "Download these invoices (CSV)", LIST_COLUMNS, rows)]


class InvoiceExportView(StaffFormView):
    """The borough's approved invoices of a period as one CSV for the finance system."""

    template_name = "placements/invoices/invoice_export.html"
    form_class = ExportForm

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            rows = invoices_export(
                actor=self.request.user,
                borough=self.request.user.borough,
                period_from=data["period_from"],
                period_to=data["period_to"],
            )
        except DomainError as error:
            return self.refused(error, form) or self.form_invalid(form)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        name = f"invoices-{data['period_from']}-to-{data['period_to']}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        writer = csv_writer(response)
        writer.writerow(EXPORT_COLUMNS)
        writer.writerows(rows)
        return response


class PaymentsUploadView(StaffFormView):
    template_name = "placements/invoices/payments_upload.html"
    form_class = CsvUploadForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "columns": PAYMENT_COLUMNS}

    def get_context_data(self, **kwargs):
        return super().get_context_data(columns=PAYMENT_COLUMNS, **kwargs)

    def save(self, form) -> str:
        paid = payments_upload(actor=self.request.user, uploaded=form.cleaned_data["file"])
        messages.success(self.request, f"{paid} invoices marked as paid")
        return reverse("placements:invoice_list") + "?status=paid"


urlpatterns = [
    path("invoices/", InvoiceListView.as_view(), name="invoice_list"),
    path("invoices/export/", InvoiceExportView.as_view(), name="invoice_export"),
    path("invoices/payments/", PaymentsUploadView.as_view(), name="invoice_payments_upload"),
]
