"""What the DPS API shows of evidence documents and enrolments, and what it accepts to upload a
document."""

from __future__ import annotations

from rest_framework import serializers

from boroughs import uploads
from boroughs.fields import DocumentUploadField
from kernel.api.fields import TextField

from ...choices import EvidenceType
from ...models import Enrolment, EvidenceDocument
from .applications import EventSerializer
from .fields import public_id_field


class DocumentSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    provider = serializers.UUIDField(source="provider.public_id", read_only=True)
    application = public_id_field("application.public_id")

    class Meta:
        model = EvidenceDocument
        fields = [
            "id",
            "provider",
            "application",
            "evidence_type",
            "original_name",
            "content_type",
            "size",
            "expires_on",
            "uploaded_at",
            "accepted_at",
            "rejected_at",
        ]
        read_only_fields = fields


class EnrolmentSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    setting = serializers.UUIDField(source="setting.public_id", read_only=True)
    setting_name = TextField(source="setting.name", read_only=True)
    provider = public_id_field("setting.provider.public_id")
    dps = serializers.UUIDField(source="lot.dps.public_id", read_only=True)
    lot = TextField(source="lot.kind", read_only=True)
    application = serializers.UUIDField(source="application.public_id", read_only=True)
    weekly_ceiling = serializers.DecimalField(
        source="price.weekly_ceiling", max_digits=10, decimal_places=2, read_only=True
    )
    weeks_per_year = serializers.IntegerField(source="price.weeks_per_year", read_only=True)
    events = EventSerializer(many=True, read_only=True)

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "setting",
            "setting_name",
            "provider",
            "dps",
            "lot",
            "application",
            "status",
            "suspended_for_expiry",
            "enrolled_at",
            "weekly_ceiling",
            "weeks_per_year",
            "events",
        ]
        read_only_fields = fields


class DocumentUploadSerializer(serializers.Serializer):
    evidence_type = serializers.ChoiceField(choices=EvidenceType.choices)
    file = DocumentUploadField(
        help_text=f"{uploads.HELP_TEXT} Checked by its content, which names the stored file's type."
    )
    # Not nullable: a form field cannot say null; leave it out instead.
    expires_on = serializers.DateField(
        required=False, help_text="Required for insurance certificates."
    )
