"""The serializer fields every app's API shares: input fields that take only what the schema
says they take, codes as plain strings, the audience discriminator, public ids and money."""

from django.db import models
from drf_spectacular.drainage import set_override
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

MSG_NOT_TEXT = "Enter text, in quotes"


class TextField(serializers.CharField):
    """DRF's CharField turns a number into text (`0` → "0"); the schema says a string, so a
    number, like any other non-string, is refused."""

    default_error_messages = {"invalid": MSG_NOT_TEXT}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


def required_text(message: str, **kwargs) -> TextField:
    """Text a service requires, with the service's own message when it is missing or blank."""
    return TextField(error_messages={"required": message, "blank": message}, **kwargs)


# What boroughs.geo.normalise_postcode takes: a UK postcode's shape, any case, spaced or not.
POSTCODE_INPUT = r"^[A-Za-z]{1,2}[0-9][A-Za-z0-9]?\s*[0-9][A-Za-z]{2}$"


def postcode_field(message: str, *, optional: bool = False, **kwargs) -> serializers.RegexField:
    """A postcode the services can normalise, so the schema refuses what they would. Checked
    as sent (not trimmed first), so its length and shape are the schema's."""
    return serializers.RegexField(
        POSTCODE_INPUT,
        allow_blank=optional,
        trim_whitespace=False,
        error_messages={"invalid": message},
        **kwargs,
    )


class FlagField(serializers.BooleanField):
    """DRF's BooleanField takes "yes", "1" and 1 for true; the schema says a boolean, so only
    JSON's true and false are taken."""

    default_error_messages = {"invalid": "Enter true or false"}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class StrictModelFields:
    """For a ModelSerializer that reads input: its model's text and true/false columns take
    only what the schema says (TextField, FlagField)."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: TextField,
        models.TextField: TextField,
        models.BooleanField: FlagField,
    }


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


# Sums of money: decimal strings ("1520.00"), never floats.
MONEY = {"max_digits": 12, "decimal_places": 2}


def uuid_field(source: str, **kwargs) -> serializers.UUIDField:
    """A row's (or a related row's) public id: the API never shows primary keys."""
    return serializers.UUIDField(source=source, read_only=True, **kwargs)


def money_field(source: str | None = None, **kwargs) -> serializers.DecimalField:
    """A read-only sum of money, null where it is not known (like a missing offer's fee)."""
    extra = {"source": source} if source else {}
    return serializers.DecimalField(**MONEY, read_only=True, allow_null=True, **extra, **kwargs)
