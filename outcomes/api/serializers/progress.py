"""What the outcomes API shows and accepts for a child's progress in a placement. The views
(outcomes.api.views.progress) import them from here."""

from __future__ import annotations

from rest_framework import serializers

from kernel.api.fields import CodeField, FlagField, TextField, uuid_field

from ...choices import ReturnStatus

SCORE = {"max_digits": 5, "decimal_places": 2, "read_only": True}


class ProgressScoreSerializer(serializers.Serializer):
    term = serializers.IntegerField(source="term.pk", help_text="The term's id.")
    term_name = TextField(source="term")
    score = serializers.IntegerField()
    progress = serializers.IntegerField(help_text="Less the previous score (or the baseline).")
    met = FlagField()
    status = CodeField(ReturnStatus.choices, read_only=True, help_text="The return's status.")


class ProgressTargetSerializer(serializers.Serializer):
    id = uuid_field("target.public_id")
    outcome = TextField(source="target.outcome")
    indicator = TextField(source="target.indicator.code")
    baseline = serializers.IntegerField(source="target.baseline")
    target = serializers.IntegerField(source="target.target")
    latest_score = serializers.IntegerField(source="target.latest_score", allow_null=True)
    scores = ProgressScoreSerializer(source="points", many=True)


class DomainPointSerializer(serializers.Serializer):
    term = serializers.IntegerField(source="term.pk", help_text="The term's id.")
    term_name = TextField(source="term")
    mean_score = serializers.DecimalField(**SCORE)
    mean_progress = serializers.DecimalField(**SCORE)
    met = serializers.IntegerField(help_text="Targets at or above their target that term.")
    scored = serializers.IntegerField(help_text="Targets scored that term.")


class DomainProgressSerializer(serializers.Serializer):
    code = TextField(source="domain.code")
    name = TextField(source="domain.name")
    baseline_mean = serializers.DecimalField(**SCORE)
    target_mean = serializers.DecimalField(**SCORE)
    timeline = DomainPointSerializer(source="points", many=True)
    targets = ProgressTargetSerializer(many=True)


class FlagSerializer(serializers.Serializer):
    key = TextField(help_text="no_progress, falling_attendance or repeated_exclusions.")
    title = TextField()
    detail = TextField()


class PlacementProgressSerializer(serializers.Serializer):
    placement = serializers.UUIDField()
    placement_reference = TextField()
    flags = FlagSerializer(many=True)
    domains = DomainProgressSerializer(many=True)
