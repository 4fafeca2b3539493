"""A placement's expected charge for a period (placements.charges, ADR 17)."""

from __future__ import annotations

from rest_framework import serializers

from ...billing import check_period

MONEY = {"max_digits": 12, "decimal_places": 2}


class ChargeQuerySerializer(serializers.Serializer):
    start = serializers.DateField(
        required=False, help_text="First day of the period (default: the current billing period)."
    )
    end = serializers.DateField(required=False, help_text="Last day of the period, charged too.")

    def validate(self, attrs):
        try:
            attrs["period"] = check_period(attrs.get("start"), attrs.get("end"))
        except ValueError as error:
            raise serializers.ValidationError({"end": [str(error)]}) from error
        return attrs


class ChargeLineSerializer(serializers.Serializer):
    part = serializers.CharField(help_text='"education", "care", ... or "fee" for one amount.')
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    days = serializers.IntegerField(help_text="Term weekdays (38 weeks) or calendar days.")
    weeks = serializers.DecimalField(max_digits=8, decimal_places=4)
    weekly = serializers.DecimalField(**MONEY)
    amount = serializers.DecimalField(**MONEY, help_text="Rounded once to the penny, half up.")


class PeriodSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()


class ChargeSerializer(serializers.Serializer):
    placement = serializers.UUIDField()
    start = serializers.DateField(source="charge.period_start")
    end = serializers.DateField(source="charge.period_end")
    billing_frequency = serializers.CharField(source="frequency")
    is_billing_period = serializers.BooleanField()
    lines = ChargeLineSerializer(many=True, source="charge.lines")
    by_part = serializers.DictField(child=serializers.DecimalField(**MONEY))
    total = serializers.DecimalField(**MONEY, source="charge.total")
    explanation = serializers.ListField(child=serializers.CharField(), source="charge.explanation")
    rules = serializers.ListField(child=serializers.CharField())
    previous = PeriodSerializer(help_text="The previous billing period.")
    following = PeriodSerializer(help_text="The next billing period.")


def charge_data(placement, shown, rules) -> dict:
    """What ChargeSerializer reads, from a `placements.charges.PeriodCharge`."""
    return {
        "placement": placement.public_id,
        "charge": shown.charge,
        "frequency": shown.frequency,
        "is_billing_period": shown.is_billing_period,
        "by_part": shown.charge.by_part(),
        "rules": list(rules),
        "previous": dict(zip(("start", "end"), shown.previous, strict=True)),
        "following": dict(zip(("start", "end"), shown.following, strict=True)),
    }
