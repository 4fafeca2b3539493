"""Invoices in the placements API: a provider sends and corrects its invoices; the placement's
borough approves, queries or disputes them and records their payment. Another borough's or
another provider's invoice is a 404; a provider deciding is a 403; a decision on an invoice
already decided is a 409."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action

from kernel.api.lookups import ByPublicId, valid_input
from kernel.api.schema import NOT_FOUND

from ... import access, services
from ...choices import InvoiceStatus
from ...models import Invoice, Placement
from ...services.invoices import Line
from .. import serializers as s
from .base import LogsListedChildren, write_schema


class InvoiceFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=InvoiceStatus.choices)
    period_from = filters.DateFilter(field_name="period_start", lookup_expr="gte")
    period_to = filters.DateFilter(field_name="period_end", lookup_expr="lte")

    class Meta:
        model = Invoice
        fields = ["status", "period_from", "period_to"]


def invoice_rows(*, actor):
    """Every version the actor sees (the `status` filter picks); newest first."""
    return (
        Invoice.objects.for_user(actor)
        .select_related("placement", "placement__child", "provider")
        .prefetch_related("lines", "events", "events__actor")
    )


def _lines(data) -> list[Line]:
    return [Line(line["part"], line["amount"], line.get("description", "")) for line in data]


def _write(summary: str, body, code: int = 200):
    return write_schema(summary, body, s.InvoiceSerializer, code=code)


@extend_schema_view(retrieve=extend_schema(responses={200: s.InvoiceSerializer, 404: NOT_FOUND}))
class InvoiceViewSet(
    LogsListedChildren,
    ByPublicId,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Invoices: submitted → matched | variance → approved | queried | disputed; queried or
    disputed → replaced by a corrected version; approved → paid. Each version keeps the match
    against the expected charge it was made with."""

    action_rules = {
        "create": "placements.add_invoice",
        "approve": "placements.decide_invoice",
        "query": "placements.decide_invoice",
        "dispute": "placements.decide_invoice",
        "mark_paid": "placements.decide_invoice",
        "correct": "placements.correct_invoice",
    }
    queryset = Invoice.objects.none()
    serializer_class = s.InvoiceSerializer
    selector = invoice_rows
    filterset_class = InvoiceFilter
    listed_child = "placement.child_id"

    @staticmethod
    def fetch(actor, public_id, *, what):
        return access.access_invoice(actor, public_id, what=f"{what} invoice")

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "provider_view": access.is_provider_user(self.request.user),
        }

    @_write(
        "Submit an invoice (a provider, for one of its placements)", s.InvoiceInputSerializer, 201
    )
    def create(self, request, *args, **kwargs):
        fields = valid_input(s.InvoiceInputSerializer, self)
        placement = get_object_or_404(
            Placement.objects.for_user(request.user), public_id=fields["placement"]
        )
        invoice = services.invoice_submit(
            actor=request.user,
            placement=placement,
            number=fields["number"],
            period_start=fields["period_start"],
            period_end=fields["period_end"],
            lines=_lines(fields["lines"]),
        )
        return self.show(invoice, code=status.HTTP_201_CREATED)

    @_write("Approve the invoice for payment", s.InvoiceReasonSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, *args, **kwargs):
        invoice = self.get_object()
        reason = valid_input(s.InvoiceReasonSerializer, self)["reason"]
        services.invoice_approve(actor=request.user, invoice=invoice, reason=reason)
        return self.show(invoice)

    @_write(
        "Query the invoice with the provider (the reason is the message)", s.InvoiceReasonSerializer
    )
    @action(detail=True, methods=["post"])
    def query(self, request, *args, **kwargs):
        invoice = self.get_object()
        reason = valid_input(s.InvoiceReasonSerializer, self)["reason"]
        services.invoice_query(actor=request.user, invoice=invoice, message=reason)
        return self.show(invoice)

    @_write("Dispute the invoice, with the reason", s.InvoiceReasonSerializer)
    @action(detail=True, methods=["post"])
    def dispute(self, request, *args, **kwargs):
        invoice = self.get_object()
        reason = valid_input(s.InvoiceReasonSerializer, self)["reason"]
        services.invoice_dispute(actor=request.user, invoice=invoice, reason=reason)
        return self.show(invoice)

    @_write(
        "Correct a queried or disputed invoice: a new version", s.CorrectionInputSerializer, 201
    )
    @action(detail=True, methods=["post"])
    def correct(self, request, *args, **kwargs):
        invoice = self.get_object()
        fields = valid_input(s.CorrectionInputSerializer, self)
        corrected = services.invoice_correct(
            actor=request.user,
            invoice=invoice,
            lines=_lines(fields["lines"]),
            reason=fields["reason"],
        )
        return self.show(corrected, code=status.HTTP_201_CREATED)

    @_write("Record the payment of an approved invoice", s.PaymentInputSerializer)
    @action(detail=True, methods=["post"], url_path="mark-paid")
    def mark_paid(self, request, *args, **kwargs):
        invoice = self.get_object()
        fields = valid_input(s.PaymentInputSerializer, self)
        services.invoice_mark_paid(actor=request.user, invoice=invoice, **fields)
        return self.show(invoice)


__all__ = ["InvoiceViewSet"]
