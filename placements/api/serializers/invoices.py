"""Invoices in the API: what a provider sends (an invoice, a correction), what a commissioner
sends (a decision, a payment), and what both read. A provider never reads the child's
reference; the borough does."""

from __future__ import annotations

from rest_framework import serializers

from kernel.api.fields import TextField

from ...models import Invoice, InvoiceEvent, InvoiceLine
from ...services.invoices import PARTS
from .fields import FEE, MONEY_OUT


class InvoiceLineSerializer(serializers.ModelSerializer):
    part = serializers.ChoiceField(choices=PARTS)
    amount = serializers.DecimalField(**FEE)
    description = TextField(max_length=200, required=False, allow_blank=True)

    class Meta:
        model = InvoiceLine
        fields = ["part", "amount", "description"]


class InvoiceEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.full_name", default="", read_only=True)

    class Meta:
        model = InvoiceEvent
        fields = ["from_status", "to_status", "actor", "at", "reason"]


class MatchLineSerializer(serializers.Serializer):
    part = TextField()
    expected = serializers.DecimalField(**MONEY_OUT)
    invoiced = serializers.DecimalField(**MONEY_OUT)
    difference = serializers.DecimalField(**MONEY_OUT)


class InvoiceSerializer(serializers.ModelSerializer):
    """An invoice version with its match, lines and history; `child_reference` is empty for
    a provider."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    provider = serializers.CharField(source="provider.legal_name", read_only=True)
    placement = serializers.UUIDField(source="placement.public_id", read_only=True)
    placement_reference = serializers.CharField(source="placement.reference", read_only=True)
    child_reference = serializers.SerializerMethodField()
    total = serializers.DecimalField(**MONEY_OUT, read_only=True)
    expected_total = serializers.DecimalField(**MONEY_OUT, read_only=True)
    match_lines = MatchLineSerializer(many=True, read_only=True)
    match_explanation = serializers.ListField(child=serializers.CharField(), read_only=True)
    lines = InvoiceLineSerializer(many=True, read_only=True)
    events = InvoiceEventSerializer(many=True, read_only=True)

    class Meta:
        model = Invoice
        fields = [
            "id",
            "number",
            "version",
            "provider",
            "placement",
            "placement_reference",
            "child_reference",
            "period_start",
            "period_end",
            "received_at",
            "status",
            "total",
            "expected_total",
            "match_kind",
            "tolerance_used",
            "match_lines",
            "match_explanation",
            "lines",
            "paid_on",
            "payment_reference",
            "late_interest",
            "events",
        ]
        read_only_fields = fields

    def get_child_reference(self, invoice) -> str:
        if self.context.get("provider_view"):
            return ""
        return invoice.placement.child.reference


class InvoiceInputSerializer(serializers.Serializer):
    placement = serializers.UUIDField(help_text="The placement's id.")
    number = TextField(max_length=60)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    lines = InvoiceLineSerializer(many=True)


class CorrectionInputSerializer(serializers.Serializer):
    lines = InvoiceLineSerializer(many=True)
    reason = TextField(max_length=500, required=False, allow_blank=True, default="")


class InvoiceReasonSerializer(serializers.Serializer):
    reason = TextField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Why: required to query or dispute, what the provider reads.",
    )


class PaymentInputSerializer(serializers.Serializer):
    paid_on = serializers.DateField()
    reference = TextField(max_length=60)
    late_interest = serializers.DecimalField(
        **FEE, required=False, allow_null=True, default=None,
        help_text="Late payment interest paid with it, if any.",
    )  # fmt: skip
