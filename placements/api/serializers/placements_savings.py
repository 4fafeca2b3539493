"""Placements and savings in the placements API. Placement rows come annotated with their money
by placements.selectors; a provider's view of a placement has its fees but none of the borough's
own figures (spot prices, savings) and no child identity."""

from __future__ import annotations

from rest_framework import serializers

from kernel.api.fields import MONEY, AudienceField, CodeField, TextField, money_field, uuid_field

from ...choices import EndReason, PlacementStage
from ...models import FeeChange, Placement
from ...money import financial_year_label
from .fields import FEE, CostToDateField

# --- Placements ---------------------------------------------------------------------------------


class FeeChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = FeeChange
        fields = ["effective_from", "weekly_fee", "reason", "recorded_at"]
        read_only_fields = fields


class _PlacementBase(serializers.ModelSerializer):
    id = uuid_field("public_id")
    reference = TextField(read_only=True)
    request_reference = serializers.SerializerMethodField()
    status = CodeField(
        PlacementStage.choices,
        source="stage",
        read_only=True,
        help_text="Today: awarded (its start date is still to come), active or ended.",
    )
    status_label = serializers.CharField(
        source="stage_label", read_only=True, help_text="Like 'Awarded, starts on 5 January 2027'."
    )
    end_reason = CodeField(EndReason.choices, read_only=True)
    setting = uuid_field("setting.public_id")
    setting_name = TextField(source="setting.name", read_only=True)
    lot = TextField(source="lot.kind", read_only=True)
    current_weekly = money_field(help_text="The weekly fee in force today.")
    committed_annual = money_field(help_text="Today's weekly fee x weeks a year; 0 once ended.")
    cost_to_date = CostToDateField()
    fees = FeeChangeSerializer(many=True, read_only=True)

    COMMON = [
        "id",
        "audience",
        "reference",
        "request_reference",
        "status",
        "status_label",
        "setting",
        "setting_name",
        "lot",
        "provision",
        "weeks_per_year",
        "starts_on",
        "ends_on",
        "end_reason",
        "agreed_weekly",
        "ceiling_weekly",
        "current_weekly",
        "committed_annual",
        "cost_to_date",
        "next_review_on",
        "fees",
    ]

    def get_request_reference(self, placement: Placement) -> str | None:
        # From the id, so a list does not fetch every request.
        return f"PR-{placement.request_id:06d}" if placement.request_id else None


class CouncilPlacementSerializer(_PlacementBase):
    """A placement as the borough sees it, with its savings against the DPS ceiling and any
    spot-purchase price (annual, at the fee agreed at award)."""

    audience = AudienceField("council", "The borough's view of a placement")
    borough = TextField(source="borough.ons_code", read_only=True)
    child = uuid_field("child.public_id")
    child_reference = TextField(source="child.reference", read_only=True)
    request = uuid_field("request.public_id", allow_null=True)
    provider = uuid_field("provider.public_id")
    provider_name = TextField(source="provider.legal_name", read_only=True)
    saving_vs_ceiling = money_field(help_text="(DPS ceiling - agreed weekly fee) x weeks a year.")
    saving_vs_spot = money_field(help_text="(Spot price - agreed weekly fee) x weeks a year.")
    moved_from = uuid_field("moved_from.public_id", allow_null=True)
    financial_year = serializers.SerializerMethodField(
        help_text="The financial year it started in, like 2025-26."
    )

    class Meta:
        model = Placement
        fields = [
            *_PlacementBase.COMMON,
            "borough",
            "child",
            "child_reference",
            "request",
            "provider",
            "provider_name",
            "spot_weekly",
            "saving_vs_ceiling",
            "saving_vs_spot",
            "distance_km",
            "moved_from",
            "financial_year",
        ]
        read_only_fields = fields

    def get_financial_year(self, placement: Placement) -> str:
        return financial_year_label(placement.financial_year)


class ProviderPlacementSerializer(_PlacementBase):
    """A placement at one of the provider's settings: the fee and its history, no child identity
    and none of the borough's own figures (spot prices, savings)."""

    audience = AudienceField("provider", "A provider's view of a placement")

    class Meta:
        model = Placement
        fields = _PlacementBase.COMMON
        read_only_fields = fields


class PlacementUpdateSerializer(serializers.Serializer):
    spot_weekly = serializers.DecimalField(
        **FEE,
        required=False,
        allow_null=True,
        help_text="What the same place would cost a week bought off-framework.",
    )
    next_review_on = serializers.DateField(required=False, allow_null=True)


class FeeChangeInputSerializer(serializers.Serializer):
    effective_from = serializers.DateField()
    weekly_fee = serializers.DecimalField(**FEE)
    reason = TextField(required=False, allow_blank=True, default="")


class PlacementEndSerializer(serializers.Serializer):
    ends_on = serializers.DateField()
    reason = serializers.ChoiceField(EndReason.choices)


class PlacementMoveSerializer(serializers.Serializer):
    setting = serializers.UUIDField(help_text="The setting to move to, on the same lot.")
    starts_on = serializers.DateField()
    weekly_fee = serializers.DecimalField(**FEE)
    reason = TextField(required=False, allow_blank=True, default="")
    start_reason = TextField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Required when the start date is already past.",
    )


# --- Savings ------------------------------------------------------------------------------------

SAVINGS_BY = ["consortium", "strand", "borough", "lot", "year"]


class SavingsQuerySerializer(serializers.Serializer):
    by = serializers.ChoiceField(
        [(by, by) for by in SAVINGS_BY], default="consortium", help_text="How to group totals."
    )
    on = serializers.DateField(
        required=False, help_text="The day whose fees count as current (default today)."
    )


class SavingsRowSerializer(serializers.Serializer):
    """One group's totals; the group's keys are null where the totals are not grouped by them."""

    strand = TextField(allow_null=True)
    borough = TextField(allow_null=True)
    lot = TextField(allow_null=True)
    financial_year = TextField(allow_null=True, help_text="Like 2025-26.")
    placements = serializers.IntegerField()
    committed_annual = serializers.DecimalField(**MONEY)
    saving_vs_ceiling = serializers.DecimalField(**MONEY)
    saving_vs_spot = serializers.DecimalField(**MONEY)


class SavingsSerializer(serializers.Serializer):
    by = TextField()
    totals = SavingsRowSerializer(many=True)
