"""What the DPS API shows of an application (its lots, settings, prices, answers, clarifications
and events), and what it accepts to start, change and price one, and to ask and answer
clarification questions."""

from __future__ import annotations

from rest_framework import serializers

from kernel.api.base import RowSlugField
from kernel.api.fields import FlagField, TextField, required_text

from ...choices import Declaration, ExclusionGround
from ...models import Application, Clarification, DynamicPurchasingSystem, Lot, PriceLine, Setting
from ...services import MSG_QUESTION
from .fields import MONEY, RATE, LotField


class PriceLineSerializer(serializers.ModelSerializer):
    setting = serializers.UUIDField(source="setting.public_id", read_only=True)
    setting_name = TextField(source="setting.name", read_only=True)
    lot = TextField(source="lot.kind", read_only=True)
    weekly_ceiling = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True)
    annual_ceiling = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)

    class Meta:
        model = PriceLine
        fields = [
            "setting",
            "setting_name",
            "lot",
            "education",
            "care",
            "therapies",
            "one_to_one",
            "other",
            "weekly_ceiling",
            "weeks_per_year",
            "annual_ceiling",
        ]


class ExclusionSerializer(serializers.Serializer):
    ground = serializers.ChoiceField(choices=ExclusionGround.choices)
    applies = FlagField()
    mitigation = TextField(required=False, allow_blank=True, default="")


class ClarificationSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    application = serializers.UUIDField(source="application.public_id", read_only=True)

    class Meta:
        model = Clarification
        fields = ["id", "application", "question", "asked_at", "answer", "answered_at"]


class EventSerializer(serializers.Serializer):
    from_status = TextField()
    to_status = TextField()
    at = serializers.DateTimeField()
    reason = TextField()


class ApplicationSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    provider = serializers.UUIDField(source="provider.public_id", read_only=True)
    provider_name = TextField(source="provider", read_only=True)
    dps = serializers.UUIDField(source="dps.public_id", read_only=True)
    lots = serializers.SlugRelatedField(slug_field="kind", many=True, read_only=True)
    settings = serializers.SlugRelatedField(slug_field="public_id", many=True, read_only=True)
    exclusions = ExclusionSerializer(many=True, read_only=True)
    prices = PriceLineSerializer(many=True, read_only=True)
    clarifications = ClarificationSerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "provider",
            "provider_name",
            "dps",
            "status",
            "lots",
            "settings",
            "employers_liability_cover",
            "public_liability_cover",
            "professional_indemnity_cover",
            "exclusions",
            "declarations",
            "declarations_confirmed_at",
            "prices",
            "clarifications",
            "events",
            "created_at",
            "submitted_at",
            "decided_at",
            "deadline_extended",
            "decision_reason",
        ]
        read_only_fields = fields


class ApplicationCreateSerializer(serializers.Serializer):
    dps = RowSlugField(
        slug_field="public_id",
        queryset=DynamicPurchasingSystem.objects.none(),
        help_text="The id of the DPS to apply to.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["dps"].queryset = DynamicPurchasingSystem.objects.for_user(request.user)


class ApplicationUpdateSerializer(serializers.Serializer):
    """Changes to a draft; give only what changes. Declarations given are confirmed now."""

    lots = LotField(many=True, required=False, help_text="Lots of the application's DPS, by kind.")
    settings = RowSlugField(
        slug_field="public_id",
        many=True,
        queryset=Setting.objects.none(),
        required=False,
        help_text="Your settings' ids.",
    )
    employers_liability_cover = serializers.DecimalField(
        **MONEY, min_value=0, required=False, allow_null=True
    )
    public_liability_cover = serializers.DecimalField(
        **MONEY, min_value=0, required=False, allow_null=True
    )
    professional_indemnity_cover = serializers.DecimalField(
        **MONEY, min_value=0, required=False, allow_null=True
    )
    exclusions = ExclusionSerializer(many=True, required=False)
    declarations = serializers.ListField(
        child=serializers.ChoiceField(choices=Declaration.choices), required=False
    )

    def __init__(self, *args, application: Application | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if application is not None and request is not None:
            self.fields["lots"].child_relation.queryset = Lot.objects.for_user(request.user).filter(
                dps_id=application.dps_id
            )
            self.fields["settings"].child_relation.queryset = Setting.objects.for_user(
                request.user
            ).filter(provider_id=application.provider_id)

    def service_arguments(self) -> dict:
        data = dict(self.validated_data)
        if "exclusions" in data:
            data["exclusions"] = {
                answer["ground"]: (answer["applies"], answer.get("mitigation", ""))
                for answer in data["exclusions"]
            }
        return data


class PriceLineInputSerializer(serializers.Serializer):
    """The whole line: a part of the breakdown left out is £0."""

    setting = RowSlugField(
        slug_field="public_id", queryset=Setting.objects.none(), help_text="Your setting's id."
    )
    lot = LotField(help_text="A lot of the application's DPS, by kind.")
    education = serializers.DecimalField(**RATE)
    care = serializers.DecimalField(**RATE)
    therapies = serializers.DecimalField(**RATE)
    one_to_one = serializers.DecimalField(**RATE)
    other = serializers.DecimalField(**RATE)
    weeks_per_year = serializers.ChoiceField(
        choices=PriceLine._meta.get_field("weeks_per_year").choices
    )

    def __init__(self, *args, application: Application | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if application is not None and request is not None:
            self.fields["lot"].queryset = Lot.objects.for_user(request.user).filter(
                dps_id=application.dps_id
            )
            self.fields["setting"].queryset = Setting.objects.for_user(request.user).filter(
                provider_id=application.provider_id
            )


class QuestionSerializer(serializers.Serializer):
    question = required_text(MSG_QUESTION, help_text="What the provider must answer.")


class AnswerSerializer(serializers.Serializer):
    answer = TextField(required=False, allow_blank=True, default="")
