"""The fields and sizes every placements API serializer shares: codes as plain strings, the
audience discriminator, money as decimal strings, public ids."""

from __future__ import annotations

from decimal import Decimal

from drf_spectacular.drainage import set_override
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...selectors import placement_cost_to_date

MONEY = {"max_digits": 12, "decimal_places": 2}
FEE = {"max_digits": 9, "decimal_places": 2, "min_value": 0}
FEE_PART = {**FEE, "default": Decimal("0.00")}
SCORE = {"max_digits": 5, "decimal_places": 1, "read_only": True}
MONEY_OUT = {"max_digits": 11, "decimal_places": 2}


@extend_schema_field(OpenApiTypes.STR)
class CodeField(serializers.ChoiceField):
    """A code from a fixed list: a plain string in the schema, its codes in the description.

    As enums, these choice sets would be named twice in the schema (NeedCode is already
    `NeedsEnum` in the DPS API, and invitation statuses appear in two components). A field the
    API reads lists its codes as an inline enum, so the schema refuses what the API refuses.
    """

    def __init__(self, choices, **kwargs):
        codes = ", ".join(str(value) for value, _ in choices if value != "")
        kwargs["help_text"] = f"{kwargs.get('help_text', '')} One of: {codes}.".strip()
        super().__init__(choices=choices, **kwargs)
        if not self.read_only:
            accepted = [value for value in self.choices if value != "" or self.allow_blank]
            set_override(self, "field", {"type": "string", "enum": accepted})


class AudienceField(serializers.ChoiceField):
    """Which view of a row this is (`council` or `provider`): the schema's discriminator."""

    def __init__(self, audience: str, label: str):
        # The label keeps each component's one-value enum distinct in the schema.
        super().__init__(choices=[(audience, label)], read_only=True, source="*")
        self.audience = audience

    def to_representation(self, value) -> str:
        return self.audience


class CostToDateField(serializers.DecimalField):
    """What the placement has cost so far, from its fee history (prefetched by the selector)."""

    def __init__(self, **kwargs):
        super().__init__(**MONEY, read_only=True, source="*", **kwargs)

    def to_representation(self, placement):
        return super().to_representation(placement_cost_to_date(placement))


def uuid_field(source: str, **kwargs) -> serializers.UUIDField:
    """A row's (or a related row's) public id: the API never shows primary keys."""
    return serializers.UUIDField(source=source, read_only=True, **kwargs)


def money_field(source: str | None = None, **kwargs) -> serializers.DecimalField:
    """A read-only sum of money, null where it is not known (like a missing offer's fee)."""
    extra = {"source": source} if source else {}
    return serializers.DecimalField(**MONEY, read_only=True, allow_null=True, **extra, **kwargs)
