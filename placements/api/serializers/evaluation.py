"""The evaluation of a request's offers in the placements API: each offer's row with its price
lines, quality parts and evidence, and the decision recorded (placements.selectors.evaluation
works the figures out; these only show them)."""

from __future__ import annotations

from rest_framework import serializers

from kernel.api.fields import (
    CodeField,
)

from ...choices import (
    InvitationStatus,
)
from .fields import MONEY_OUT


class EvidencePartSerializer(serializers.Serializer):
    points = serializers.DecimalField(
        max_digits=5, decimal_places=1, allow_null=True, help_text="Out of 100; null: no evidence."
    )
    detail = serializers.CharField()


class QualityPartsSerializer(serializers.Serializer):
    needs_fit = EvidencePartSerializer()
    inspection = EvidencePartSerializer()
    outcomes = EvidencePartSerializer()


class EvaluationPriceLineSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    amount = serializers.DecimalField(**MONEY_OUT)


class EvaluationRowSerializer(serializers.Serializer):
    """One live offer with its evidence and scores out of 100 (placements.evaluation)."""

    invitation = serializers.UUIDField()
    setting = serializers.UUIDField()
    setting_name = serializers.CharField()
    provider_name = serializers.CharField()
    status = CodeField(InvitationStatus.choices)
    price_lines = EvaluationPriceLineSerializer(many=True)
    weekly_fee = serializers.DecimalField(**MONEY_OUT)
    weeks_per_year = serializers.IntegerField()
    annual_cost = serializers.DecimalField(**MONEY_OUT)
    ceiling_weekly = serializers.DecimalField(**MONEY_OUT, allow_null=True)
    vs_ceiling = serializers.DecimalField(
        **MONEY_OUT,
        allow_null=True,
        help_text="Weekly fee minus the DPS ceiling: negative is under it.",
    )
    above_ceiling = serializers.BooleanField()
    above_ceiling_reason = serializers.CharField(help_text="The provider's reason, when above.")
    vs_budget = serializers.DecimalField(
        **MONEY_OUT, allow_null=True, help_text="Weekly fee minus the request's budget ceiling."
    )
    distance_km = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)
    proposed_start_on = serializers.DateField()
    conditions = serializers.CharField()
    needs_fit = serializers.IntegerField(allow_null=True, help_text="0 to 4; null: not rated.")
    needs_fit_by = serializers.CharField(help_text="Who rated it.")
    needs_fit_at = serializers.DateTimeField(allow_null=True)
    parts = QualityPartsSerializer(help_text="The evidence each part of quality is scored on.")
    quality_score = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    quality_missing = serializers.ListField(
        child=serializers.CharField(), help_text="Parts left out for want of evidence."
    )
    safeguarding_not_met = serializers.BooleanField()
    price_score = serializers.DecimalField(max_digits=5, decimal_places=1)
    total_score = serializers.DecimalField(
        max_digits=5, decimal_places=1, allow_null=True, help_text="Null: quality has no evidence."
    )


class EvaluationDecisionSerializer(serializers.Serializer):
    """The frozen record of the decision (null until the request is decided)."""

    outcome = serializers.CharField(help_text="`awarded` or `none_suitable`.")
    winner = serializers.UUIDField(source="winner.public_id", allow_null=True, default=None)
    reason = serializers.CharField()
    unrated_reason = serializers.CharField()
    safeguarding_reason = serializers.CharField()
    decided_by = serializers.CharField(source="decided_by.email")
    decided_at = serializers.DateTimeField()
    digest = serializers.CharField(help_text="SHA-256 of the sheet as stored.")


class EvaluationSerializer(serializers.Serializer):
    """The evaluation: live while evaluating, the frozen record once decided."""

    ranked = serializers.BooleanField(
        help_text="False while any offer has no quality evidence: then no order is implied."
    )
    method = serializers.CharField()
    quality_weight = serializers.IntegerField()
    price_weight = serializers.IntegerField()
    as_of = serializers.DateTimeField()
    rows = EvaluationRowSerializer(many=True)
    decision = EvaluationDecisionSerializer(allow_null=True)
