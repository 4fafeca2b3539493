"""The reason a decision or a change of status gives: optional, or required by the service."""

from __future__ import annotations

from rest_framework import serializers

from kernel.api.fields import TextField
from kernel.api.serializers import RequiredReasonSerializer

__all__ = ["ReasonSerializer", "RequiredReasonSerializer"]


class ReasonSerializer(serializers.Serializer):
    reason = TextField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Why: recorded in the history.",
    )
