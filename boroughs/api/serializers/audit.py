"""What the change history's API (GET /api/v1/changes/) takes and answers."""

from __future__ import annotations

from rest_framework import serializers

from kernel.api.fields import FlagField, TextField

from ...audit.registry import audited_kinds


class ChangeQuerySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[(kind.key, kind.label) for kind in audited_kinds()],
        required=False,
        help_text="Only this kind of record.",
    )
    changed_from = serializers.DateField(required=False, help_text="Changed on or after.")
    changed_to = serializers.DateField(required=False, help_text="Changed on or before.")

    def validate(self, data):
        since, until = data.get("changed_from"), data.get("changed_to")
        if since and until and since > until:
            raise serializers.ValidationError(
                {"changed_to": ["The first date must be on or before the last date"]}
            )
        return data


class FieldChangeSerializer(serializers.Serializer):
    field = TextField()
    before = TextField(help_text="As shown to you: 'Not set' when empty.")
    after = TextField()


class ChangeSerializer(serializers.Serializer):
    changed_at = serializers.DateTimeField(source="at")
    action = serializers.ChoiceField(choices=["Created", "Changed", "Deleted"])
    kind = TextField(source="kind.key")
    record = TextField()
    record_id = serializers.UUIDField(
        source="public_id", allow_null=True, help_text="The record's id in the API, if it has one."
    )
    changed_by = serializers.EmailField(source="user.email", allow_null=True, default=None)
    reason = TextField(help_text="What made the change when no user did.")
    earlier_not_recorded = FlagField()
    changes = FieldChangeSerializer(many=True)
