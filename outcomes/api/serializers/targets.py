"""What the outcomes API shows and accepts for outcome targets. The views
(outcomes.api.views.targets) import them from here."""

from __future__ import annotations

from rest_framework import serializers

from kernel.api.fields import CodeField, FlagField, TextField, uuid_field

from ...choices import Scale
from ...models import OutcomeTarget


class TargetSerializer(serializers.ModelSerializer):
    """A target as council staff and the placement's provider both see it: no child identity."""

    id = uuid_field("public_id")
    placement = uuid_field("placement.public_id")
    placement_reference = TextField(source="placement.reference", read_only=True)
    framework = uuid_field("indicator.domain.version.public_id")
    framework_version = serializers.IntegerField(
        source="indicator.domain.version.number", read_only=True
    )
    domain = TextField(source="indicator.domain.code", read_only=True)
    indicator = TextField(source="indicator.code", read_only=True)
    indicator_name = TextField(source="indicator.name", read_only=True)
    scale = CodeField(Scale.choices, source="indicator.scale", read_only=True)
    is_met = FlagField(read_only=True)

    class Meta:
        model = OutcomeTarget
        fields = [
            "id",
            "placement",
            "placement_reference",
            "framework",
            "framework_version",
            "domain",
            "indicator",
            "indicator_name",
            "scale",
            "outcome",
            "baseline",
            "target",
            "target_date",
            "latest_score",
            "is_met",
            "set_at",
        ]
        read_only_fields = fields


class TargetInputSerializer(serializers.Serializer):
    placement = serializers.UUIDField(help_text="The placement's id.")
    domain = serializers.SlugField(help_text="The agreed framework's domain code.")
    indicator = serializers.SlugField(help_text="The indicator's code within that domain.")
    outcome = TextField(help_text="The outcome as the EHC plan words it.")
    baseline = serializers.IntegerField(help_text="GAS: -2 to 2; rating: 1 to 5.")
    target = serializers.IntegerField(help_text="Higher than the baseline, on the same scale.")
    target_date = serializers.DateField(help_text="After the placement starts.")


class TargetUpdateSerializer(TargetInputSerializer):
    placement = None  # a target stays on its placement
