"""Fields the DPS API's serializers share: money and rates as decimals, a lot by its kind, a row by
its public id."""

from __future__ import annotations

from decimal import Decimal

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kernel.api.base import RowSlugField

from ...models import Lot

MONEY = {"max_digits": 12, "decimal_places": 2}
RATE = {"max_digits": 9, "decimal_places": 2, "min_value": 0, "default": Decimal("0.00")}


@extend_schema_field(OpenApiTypes.STR)
class LotField(RowSlugField):
    """A lot of the application's DPS, by kind (`iss_day`).

    A plain string in the schema: as enums, `lot` and `lots` would name one choice set twice.
    """

    def __init__(self, **kwargs):
        super().__init__(slug_field="kind", queryset=Lot.objects.none(), **kwargs)


def public_id_field(source: str) -> serializers.UUIDField:
    return serializers.UUIDField(source=source, read_only=True, allow_null=True)
