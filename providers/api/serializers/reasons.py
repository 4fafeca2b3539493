"""The reason a decision or a change of status gives: optional, or required by the service."""

from __future__ import annotations

from rest_framework import serializers

from boroughs.api.fields import TextField, required_text

from ...services import MSG_REASON_REQUIRED


class ReasonSerializer(serializers.Serializer):
    reason = TextField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Why: recorded in the history.",
    )


class RequiredReasonSerializer(serializers.Serializer):
    """To reject, suspend, reinstate or remove, the service requires a reason."""

    reason = required_text(MSG_REASON_REQUIRED, help_text="Why: recorded in the history.")
