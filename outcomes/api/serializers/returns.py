"""What the outcomes API shows and accepts for termly returns, their scores and events, and the
figures a provider submits. The views (outcomes.api.views.returns) import them from here."""

from __future__ import annotations

from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import serializers

from kernel.api.fields import AudienceField, CodeField, FlagField, TextField, uuid_field
from placements.anonymised import curriculum_year_label
from placements.models import national_curriculum_year

from ...choices import PfaPathway, ReturnStatus
from ...models import ReturnEvent, TargetScore, TermlyReturn


class ReturnScoreSerializer(serializers.ModelSerializer):
    target = uuid_field("target.public_id")
    outcome = TextField(source="target.outcome", read_only=True)
    domain = TextField(source="target.indicator.domain.code", read_only=True)
    indicator = TextField(source="target.indicator.code", read_only=True)

    class Meta:
        model = TargetScore
        fields = [
            "target",
            "outcome",
            "domain",
            "indicator",
            "score",
            "progress",
            "met",
            "evidence",
        ]
        read_only_fields = fields


class ReturnEventSerializer(serializers.ModelSerializer):
    from_status = CodeField(ReturnStatus.choices, read_only=True, help_text='"" when created.')
    to_status = CodeField(ReturnStatus.choices, read_only=True)
    actor = serializers.SerializerMethodField(help_text="Who moved it; null for the portal.")

    class Meta:
        model = ReturnEvent
        fields = ["from_status", "to_status", "actor", "at", "reason"]
        read_only_fields = fields

    def get_actor(self, event: ReturnEvent) -> str | None:
        return str(event.actor) if event.actor_id else None


class _ReturnBase(serializers.ModelSerializer):
    id = uuid_field("public_id")
    placement = uuid_field("placement.public_id")
    placement_reference = TextField(source="placement.reference", read_only=True)
    term = serializers.IntegerField(source="term_id", read_only=True)
    term_name = TextField(source="term", read_only=True, help_text="Autumn 2026/27.")
    returns_due_on = serializers.DateField(source="term.returns_due_on", read_only=True)
    framework_version = serializers.IntegerField(source="framework_version.number", read_only=True)
    status = CodeField(ReturnStatus.choices, read_only=True)
    pfa_pathway = CodeField(PfaPathway.choices, read_only=True)
    scores = ReturnScoreSerializer(many=True, read_only=True)
    events = ReturnEventSerializer(many=True, read_only=True)

    COMMON = [
        "id",
        "audience",
        "placement",
        "placement_reference",
        "term",
        "term_name",
        "returns_due_on",
        "framework_version",
        "status",
        "late",
        "attendance_pct",
        "fixed_term_exclusion_days",
        "permanently_excluded",
        "serious_incidents",
        "pfa_pathway",
        "summary",
        "mean_progress",
        "submitted_at",
        "decided_at",
        "scores",
        "events",
    ]


class CouncilReturnSerializer(_ReturnBase):
    """A return as the placing borough sees it: with the child's and provider's ids."""

    audience = AudienceField("council", "The borough's view of a termly return")
    borough = TextField(source="placement.borough.ons_code", read_only=True)
    child = uuid_field("placement.child.public_id")
    child_reference = TextField(source="placement.child.reference", read_only=True)
    provider = uuid_field("placement.provider.public_id")
    provider_name = TextField(source="placement.provider.legal_name", read_only=True)

    class Meta:
        model = TermlyReturn
        fields = [
            *_ReturnBase.COMMON,
            "borough",
            "child",
            "child_reference",
            "provider",
            "provider_name",
        ]
        read_only_fields = fields


class ProviderReturnSerializer(_ReturnBase):
    """A return as its provider sees it: the placement reference and school year only."""

    audience = AudienceField("provider", "A provider's view of a termly return")
    school_year = serializers.SerializerMethodField(help_text="At the term's start.")

    class Meta:
        model = TermlyReturn
        fields = [*_ReturnBase.COMMON, "school_year"]
        read_only_fields = fields

    def get_school_year(self, made: TermlyReturn) -> str:
        dob = made.placement.child.date_of_birth
        return curriculum_year_label(national_curriculum_year(dob, made.term.starts_on))


RETURN = PolymorphicProxySerializer(
    component_name="TermlyReturn",
    serializers=[CouncilReturnSerializer, ProviderReturnSerializer],
    resource_type_field_name="audience",
)


class ScoreInputSerializer(serializers.Serializer):
    target = serializers.UUIDField(help_text="The outcome target's id.")
    score = serializers.IntegerField(help_text="On the indicator's scale: -2..2 or 1..5.")
    evidence = TextField(allow_blank=True)


class ReturnFiguresSerializer(serializers.Serializer):
    scores = ScoreInputSerializer(many=True, help_text="One per target of the placement.")
    attendance_pct = serializers.DecimalField(max_digits=4, decimal_places=1)
    fixed_term_exclusion_days = serializers.DecimalField(max_digits=4, decimal_places=1, default=0)
    permanently_excluded = FlagField(default=False)
    serious_incidents = serializers.IntegerField(default=0)
    pfa_pathway = CodeField(
        PfaPathway.choices,
        allow_blank=True,
        default="",
        help_text="Required from Year 9 (at the term's start), refused below.",
    )
    summary = TextField(allow_blank=True, default="")


class ReturnSubmitSerializer(ReturnFiguresSerializer):
    placement = serializers.UUIDField()
    term = serializers.IntegerField(help_text="The term's id (see the returns' `term`).")


class ReturnCorrectSerializer(ReturnFiguresSerializer):
    reason = TextField(allow_blank=True, help_text="What was corrected.")


class ReturnQuerySerializer(serializers.Serializer):
    reason = TextField(allow_blank=True, help_text="What needs correcting.")


class ReturnAcceptSerializer(serializers.Serializer):
    note = TextField(allow_blank=True, default="")
