"""Invitations, offers and questions in the placements API. The borough's staff and the invited
provider get their own views of an invitation (`audience` says which): the provider's shows the
child's needs, never who the child is."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kernel.api.fields import (
    AudienceField,
    CodeField,
    TextField,
    money_field,
    required_text,
    uuid_field,
)
from providers.choices import NeedCode

from ...choices import DeclineReason, InvitationStatus, Provision, Sex
from ...matching import distance_band
from ...models import WEEKS_CHOICES, Offer, OfferQuestion, RequestInvitation
from ...selectors import assessment_summary
from ...services.offers import MSG_ANSWER, MSG_QUESTION
from .fields import FEE_PART


class OfferSerializer(serializers.ModelSerializer):
    weekly_fee = money_field()
    annual_cost = money_field()

    class Meta:
        model = Offer
        fields = [
            "education",
            "care",
            "therapies",
            "one_to_one",
            "transport",
            "other",
            "weekly_fee",
            "weeks_per_year",
            "annual_cost",
            "proposed_start_on",
            "conditions",
            "above_ceiling_reason",
            "submitted_at",
            "updated_at",
        ]
        read_only_fields = fields


class OfferQuestionSerializer(serializers.ModelSerializer):
    id = uuid_field("public_id")
    invitation = uuid_field("invitation.public_id")

    class Meta:
        model = OfferQuestion
        fields = ["id", "invitation", "question", "asked_at", "answer", "answered_at"]
        read_only_fields = fields


class _InvitationBase(serializers.ModelSerializer):
    id = uuid_field("public_id")
    request_reference = TextField(source="request.reference", read_only=True)
    setting = uuid_field("setting.public_id")
    setting_name = TextField(source="setting.name", read_only=True)
    status = CodeField(InvitationStatus.choices, read_only=True)
    decline_reason = CodeField(DeclineReason.choices, read_only=True)
    offer = OfferSerializer(read_only=True, allow_null=True)
    questions = OfferQuestionSerializer(many=True, read_only=True)

    COMMON = [
        "id",
        "audience",
        "request_reference",
        "setting",
        "setting_name",
        "status",
        "ceiling_weekly",
        "invited_at",
        "responded_at",
        "decline_reason",
        "decline_note",
        "offer",
        "questions",
    ]


class CouncilInvitationSerializer(_InvitationBase):
    """An invitation as the borough's staff see it: which request, setting and provider."""

    audience = AudienceField("council", "The borough's view of an invitation")
    request = uuid_field("request.public_id")
    child_reference = TextField(source="request.child.reference", read_only=True)
    provider = uuid_field("provider.public_id")
    provider_name = TextField(source="provider.legal_name", read_only=True)
    needs_fit = serializers.IntegerField(
        source="offer.needs_fit",
        read_only=True,
        allow_null=True,
        help_text="The commissioner's 0 to 4 rating of how well the offer meets the needs.",
    )

    class Meta:
        model = RequestInvitation
        fields = [
            *_InvitationBase.COMMON,
            "distance_km",
            "request",
            "child_reference",
            "provider",
            "provider_name",
            "needs_fit",
        ]
        read_only_fields = fields


class WinningScoresSerializer(serializers.Serializer):
    quality_score = serializers.CharField(allow_null=True, help_text="Out of 100, 2 decimals")
    price_score = serializers.CharField(allow_null=True, help_text="Out of 100, 2 decimals")
    total_score = serializers.CharField(allow_null=True, help_text="Weighted, out of 100")
    parts = serializers.DictField(
        child=serializers.DictField(),
        help_text="Each quality part (needs_fit, inspection, outcomes): its points out of 100, "
        "null when the evidence was missing and the part was left out.",
    )


class OwnScoresSerializer(WinningScoresSerializer):
    setting_name = serializers.CharField()
    weekly_fee = serializers.CharField(help_text="Your offer's weekly fee, in pounds")
    needs_fit = serializers.IntegerField(allow_null=True, help_text="0 to 4, as rated")
    parts = serializers.DictField(
        child=serializers.DictField(),
        help_text="Each quality part (needs_fit, inspection, outcomes): points out of 100 "
        "(null when the evidence was missing and the part was left out) and what they rest on.",
    )


class AssessmentSerializer(serializers.Serializer):
    """What a provider that offered is told of the decision (the assessment summary): its own
    scores beside the winning offer's, from the frozen evaluation record; never another
    unsuccessful provider's."""

    outcome = serializers.CharField()
    decided_at = serializers.DateTimeField()
    won = serializers.BooleanField()
    own = OwnScoresSerializer()
    winner = WinningScoresSerializer(
        allow_null=True, help_text="The winning offer's scores: not its setting, fee or evidence"
    )
    method = serializers.CharField(help_text="How offers were scored, as the record states it")


class ProviderInvitationSerializer(_InvitationBase):
    """An invitation as the invited provider sees it: the child's needs, never their identity
    (no name, borough reference, date of birth or full postcode; the postcode district only)."""

    audience = AudienceField("provider", "A provider's view of an invitation")
    lot = TextField(source="request.lot.kind", read_only=True)
    primary_need = CodeField(NeedCode.choices, source="request.child.primary_need", read_only=True)
    secondary_needs = serializers.ListField(
        child=CodeField(NeedCode.choices), source="request.child.secondary_needs", read_only=True
    )
    national_curriculum_year = serializers.IntegerField(
        source="request.child.national_curriculum_year", read_only=True
    )
    sex = CodeField(Sex.choices, source="request.child.sex", read_only=True)
    postcode_district = TextField(source="request.child.postcode_district", read_only=True)
    needs_summary = TextField(source="request.needs_summary", read_only=True)
    risks = TextField(source="request.risks", read_only=True)
    communication = TextField(source="request.communication", read_only=True)
    compatibility = TextField(source="request.compatibility", read_only=True)
    additional_support = TextField(source="request.additional_support", read_only=True)
    provision = serializers.ChoiceField(
        Provision.choices, source="request.provision", read_only=True
    )
    weeks_per_year = serializers.ChoiceField(
        WEEKS_CHOICES, source="request.weeks_per_year", read_only=True
    )
    required_start_on = serializers.DateField(source="request.required_start_on", read_only=True)
    response_deadline = serializers.DateField(
        source="request.response_deadline", read_only=True, allow_null=True
    )
    distance_band = serializers.SerializerMethodField(
        help_text="How far the child lives from the setting, in bands of miles (like "
        '"5 to 10 miles"), or "not known": never the precise figure.'
    )
    assessment = serializers.SerializerMethodField(
        help_text="Once the request is decided, how your offer was scored beside the winning "
        "offer (null before the decision, or if you made no offer)."
    )

    class Meta:
        model = RequestInvitation
        fields = [
            *_InvitationBase.COMMON,
            "distance_band",
            "lot",
            "primary_need",
            "secondary_needs",
            "national_curriculum_year",
            "sex",
            "postcode_district",
            "needs_summary",
            "risks",
            "communication",
            "compatibility",
            "additional_support",
            "provision",
            "weeks_per_year",
            "required_start_on",
            "response_deadline",
            "assessment",
        ]
        read_only_fields = fields

    def get_distance_band(self, invitation: RequestInvitation) -> str:
        return distance_band(invitation.distance_km)

    @extend_schema_field(AssessmentSerializer(allow_null=True))
    def get_assessment(self, invitation: RequestInvitation) -> dict | None:
        summary = assessment_summary(invitation)
        return None if summary is None else AssessmentSerializer(summary).data


class OfferInputSerializer(serializers.Serializer):
    """The whole offer (a revision replaces it): a part of the fee left out is £0."""

    education = serializers.DecimalField(**FEE_PART)
    care = serializers.DecimalField(**FEE_PART)
    therapies = serializers.DecimalField(**FEE_PART)
    one_to_one = serializers.DecimalField(**FEE_PART)
    transport = serializers.DecimalField(**FEE_PART)
    other = serializers.DecimalField(**FEE_PART)
    weeks_per_year = serializers.ChoiceField(WEEKS_CHOICES)
    proposed_start_on = serializers.DateField()
    conditions = TextField(required=False, allow_blank=True, default="")
    above_ceiling_reason = TextField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Required when the weekly fee is above the setting's DPS ceiling for the lot "
        "(the invitation's `ceiling_weekly`).",
    )


class DeclineSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(DeclineReason.choices)
    note = TextField(
        required=False, allow_blank=True, default="", help_text="Required for `other`."
    )


class RateSerializer(serializers.Serializer):
    needs_fit = serializers.IntegerField(
        min_value=0, max_value=4, allow_null=True, help_text="0 (does not meet) to 4 (fully)."
    )


class AskSerializer(serializers.Serializer):
    question = required_text(MSG_QUESTION)


class QuestionAnswerSerializer(serializers.Serializer):
    answer = required_text(MSG_ANSWER)
