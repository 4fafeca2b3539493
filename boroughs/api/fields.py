"""Input fields that take only what the schema says they take."""

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
