"""Input fields that take only what the schema says they take."""

from django.db import models
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
