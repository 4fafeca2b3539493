"""Agreements and their variations in the placements API: what each side signed, when, and the
SHA-256 of the file; writes only validate shapes and go to placements.services."""

from __future__ import annotations

from rest_framework import serializers

from kernel.api.fields import CodeField, TextField, money_field, uuid_field

from ...choices import AgreementStatus, SigningParty, VariationKind, VariationStatus
from ...models import FEE_PARTS, AgreementSignature, AgreementVariation, PlacementAgreement
from .fields import FEE


class SignatureSerializer(serializers.ModelSerializer):
    party = CodeField(SigningParty.choices, read_only=True)

    class Meta:
        model = AgreementSignature
        fields = ["party", "name", "role", "signed_at", "sha256"]
        read_only_fields = fields


class VariationSerializer(serializers.ModelSerializer):
    id = uuid_field("public_id")
    agreement = uuid_field("agreement.public_id")
    reference = TextField(read_only=True)
    kind = CodeField(VariationKind.choices, read_only=True)
    status = CodeField(VariationStatus.choices, read_only=True)
    weekly_fee = money_field()
    signatures = SignatureSerializer(many=True, read_only=True)

    class Meta:
        model = AgreementVariation
        fields = [
            "id",
            "agreement",
            "reference",
            "kind",
            "status",
            "effective_on",
            "lines",
            "weekly_fee",
            "reason",
            "proposed_at",
            "signatures",
        ]
        read_only_fields = fields


class AgreementSerializer(serializers.ModelSerializer):
    """The agreement as both sides see it. A provider's copy leaves out the borough's case
    reference for the child, as every provider view does."""

    id = uuid_field("public_id")
    placement = uuid_field("placement.public_id")
    reference = TextField(read_only=True)
    status = CodeField(AgreementStatus.choices, read_only=True)
    template_version = serializers.IntegerField(source="template.version", read_only=True)
    pdf_ready = serializers.BooleanField(read_only=True)
    content = serializers.SerializerMethodField()
    signatures = serializers.SerializerMethodField()

    class Meta:
        model = PlacementAgreement
        fields = [
            "id",
            "placement",
            "reference",
            "status",
            "template_version",
            "draft_sha256",
            "signed_sha256",
            "pdf_ready",
            "signatures",
            "content",
        ]
        read_only_fields = fields

    def get_content(self, agreement) -> dict:
        content = dict(agreement.content)
        if self.context.get("provider"):
            content.pop("child_reference", None)
        return content

    def get_signatures(self, agreement) -> list[dict]:
        rows = [s for s in agreement.signatures.all() if s.variation_id is None]
        return SignatureSerializer(rows, many=True).data


class SignInputSerializer(serializers.Serializer):
    name = TextField(max_length=150, help_text="The signer's full name, typed.")
    role = TextField(max_length=150, help_text="The signer's role or job title.")


class FeeVariationInputSerializer(serializers.Serializer):
    effective_on = serializers.DateField()
    reason = TextField()

    def get_fields(self):
        fields = super().get_fields()
        for part in FEE_PARTS:
            fields[part] = serializers.DecimalField(**FEE, required=False)
        return fields

    def validate(self, attrs):
        attrs["lines"] = {part: attrs.pop(part) for part in FEE_PARTS if part in attrs}
        return attrs
