"""Request bodies several apps' APIs share, as one schema component each."""

from rest_framework import serializers

from ..errors import MSG_REASON_REQUIRED
from .fields import required_text


class RequiredReasonSerializer(serializers.Serializer):
    """To reject, suspend, reinstate, remove or cancel, the service requires a reason."""

    reason = required_text(MSG_REASON_REQUIRED, help_text="Why: recorded in the history.")
