"""The fields and sizes every placements API serializer shares (the fields every app shares,
codes, the audience, public ids and money, are in kernel.api.fields)."""

from __future__ import annotations

from decimal import Decimal

from rest_framework import serializers

from kernel.api.fields import MONEY

from ...selectors import placement_cost_to_date

FEE = {"max_digits": 9, "decimal_places": 2, "min_value": 0}
FEE_PART = {**FEE, "default": Decimal("0.00")}
SCORE = {"max_digits": 5, "decimal_places": 1, "read_only": True}
MONEY_OUT = {"max_digits": 11, "decimal_places": 2}


class CostToDateField(serializers.DecimalField):
    """What the placement has cost so far, from its fee history (prefetched by the selector)."""

    def __init__(self, **kwargs):
        super().__init__(**MONEY, read_only=True, source="*", **kwargs)

    def to_representation(self, placement):
        return super().to_representation(placement_cost_to_date(placement))
