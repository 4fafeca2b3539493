"""What the placements API shows and accepts. Output serializers read rows (placement rows come
annotated with their money by placements.selectors); input serializers only validate shapes and
resolve public ids: every write goes through placements.services.

Providers get their own serializers for invitations and placements: the child's needs, never who
the child is (no name, borough reference, date of birth or full postcode). Money is a decimal
string ("1520.00"), never a float.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from providers.choices import LotKind, NeedCode
from providers.models import Lot

from ..choices import (
    DeclineReason,
    EndReason,
    InvitationStatus,
    LegalStatus,
    NotMetReason,
    PhaseTransfer,
    PlacementStatus,
    Provision,
    RequestStatus,
    Sex,
)
from ..matching import km
from ..models import (
    WEEKS_CHOICES,
    Child,
    FeeChange,
    Offer,
    OfferQuestion,
    Placement,
    PlacementRequest,
    RequestInvitation,
)
from ..money import financial_year_label
from ..selectors import placement_cost_to_date
from ..services import request_problems

MSG_WHICH_DPS = "More than one DPS has this lot: give the DPS's id as well"
MSG_NO_LOT = "Choose a lot of your consortium's DPS"
MONEY = {"max_digits": 12, "decimal_places": 2}
FEE = {"max_digits": 9, "decimal_places": 2, "min_value": 0}
FEE_PART = {**FEE, "default": Decimal("0.00")}
SCORE = {"max_digits": 5, "decimal_places": 1, "read_only": True}


@extend_schema_field(OpenApiTypes.STR)
class CodeField(serializers.ChoiceField):
    """A code from a fixed list: a plain string in the schema, its codes in the description.

    As enums, these choice sets would be named twice in the schema (NeedCode is already
    `NeedsEnum` in the DPS API, and invitation statuses appear in two components).
    """

    def __init__(self, choices, **kwargs):
        codes = ", ".join(str(value) for value, _ in choices if value != "")
        kwargs["help_text"] = f"{kwargs.get('help_text', '')} One of: {codes}.".strip()
        super().__init__(choices=choices, **kwargs)


class AudienceField(serializers.ChoiceField):
    """Which view of a row this is (`council` or `provider`): the schema's discriminator."""

    def __init__(self, audience: str, label: str):
        # The label keeps each component's one-value enum distinct in the schema.
        super().__init__(choices=[(audience, label)], read_only=True, source="*")
        self.audience = audience

    def to_representation(self, value) -> str:
        return self.audience


class CostToDateField(serializers.DecimalField):
    """What the placement has cost so far, from its fee history (prefetched by the selector)."""

    def __init__(self, **kwargs):
        super().__init__(**MONEY, read_only=True, source="*", **kwargs)

    def to_representation(self, placement):
        return super().to_representation(placement_cost_to_date(placement))


def _uuid(source: str, **kwargs) -> serializers.UUIDField:
    return serializers.UUIDField(source=source, read_only=True, **kwargs)


def _money(source: str | None = None, **kwargs) -> serializers.DecimalField:
    extra = {"source": source} if source else {}
    return serializers.DecimalField(**MONEY, read_only=True, allow_null=True, **extra, **kwargs)


# --- Children -----------------------------------------------------------------------------------


class ChildSerializer(serializers.ModelSerializer):
    """A child's record. Name and full postcode are for the owning borough's eyes only: staff of
    other boroughs with consortium-wide roles get null there."""

    id = _uuid("public_id")
    borough = serializers.CharField(source="borough.ons_code", read_only=True)
    name = serializers.SerializerMethodField()
    home_postcode = serializers.SerializerMethodField()
    sex = CodeField(Sex.choices, read_only=True)
    primary_need = CodeField(NeedCode.choices, read_only=True)
    secondary_needs = serializers.ListField(child=CodeField(NeedCode.choices), read_only=True)
    legal_status = CodeField(LegalStatus.choices, read_only=True)

    class Meta:
        model = Child
        fields = [
            "id",
            "borough",
            "reference",
            "name",
            "date_of_birth",
            "national_curriculum_year",
            "sex",
            "home_postcode",
            "postcode_district",
            "primary_need",
            "secondary_needs",
            "ehcp_issued_on",
            "ehcp_last_review_on",
            "ehcp_next_review_on",
            "looked_after",
            "legal_status",
            "created_at",
        ]
        read_only_fields = fields

    def _owner_sees(self, child: Child) -> bool:
        request = self.context.get("request")
        return request is not None and request.user.borough_id == child.borough_id

    def get_name(self, child: Child) -> str | None:
        return child.name if self._owner_sees(child) else None

    def get_home_postcode(self, child: Child) -> str | None:
        return child.home_postcode if self._owner_sees(child) else None


class ChildInputSerializer(serializers.Serializer):
    """A child's record to add or change (PATCH: only what changes)."""

    reference = serializers.CharField(max_length=40, help_text="The borough's case reference.")
    name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    date_of_birth = serializers.DateField()
    sex = CodeField(Sex.choices)
    home_postcode = serializers.CharField(max_length=10, help_text="A full postcode, like CR0 1NX.")
    primary_need = CodeField(NeedCode.choices, help_text="The SEN2 primary need.")
    secondary_needs = serializers.ListField(child=CodeField(NeedCode.choices), required=False)
    ehcp_issued_on = serializers.DateField(required=False, allow_null=True)
    ehcp_last_review_on = serializers.DateField(required=False, allow_null=True)
    ehcp_next_review_on = serializers.DateField(required=False, allow_null=True)
    looked_after = serializers.BooleanField(required=False)
    legal_status = CodeField(
        LegalStatus.choices,
        required=False,
        allow_blank=True,
        help_text="SSDA903 legal status; required when looked after.",
    )


# --- Requests -----------------------------------------------------------------------------------


class ProblemSerializer(serializers.Serializer):
    field = serializers.CharField()
    message = serializers.CharField()


class PlacementRequestSerializer(serializers.ModelSerializer):
    """A borough's placement request, as its own staff see it."""

    id = _uuid("public_id")
    reference = serializers.CharField(read_only=True)
    status = CodeField(RequestStatus.choices, read_only=True)
    borough = serializers.CharField(source="borough.ons_code", read_only=True)
    child = _uuid("child.public_id")
    child_reference = serializers.CharField(source="child.reference", read_only=True)
    strand = serializers.CharField(source="strand.slug", read_only=True)
    dps = _uuid("lot.dps.public_id")
    lot = serializers.CharField(source="lot.kind", read_only=True, help_text="The lot's kind.")
    lot_name = serializers.CharField(source="lot.name", read_only=True)
    not_met_reasons = serializers.ListField(
        child=serializers.ChoiceField(NotMetReason.choices), read_only=True
    )
    invited_count = serializers.IntegerField(read_only=True)
    problems = serializers.SerializerMethodField(
        help_text="What must be answered before the request can go to providers."
    )

    class Meta:
        model = PlacementRequest
        fields = [
            "id",
            "reference",
            "status",
            "borough",
            "child",
            "child_reference",
            "strand",
            "dps",
            "lot",
            "lot_name",
            "required_start_on",
            "provision",
            "weeks_per_year",
            "needs_summary",
            "risks",
            "communication",
            "compatibility",
            "additional_support",
            "budget_ceiling_weekly",
            "response_deadline",
            "mainstream_considered",
            "in_borough_considered",
            "not_met_reasons",
            "not_met_explanation",
            "phase_transfer",
            "transfer_on",
            "invited_count",
            "problems",
            "created_at",
            "opened_at",
            "decided_at",
            "decision_reason",
        ]
        read_only_fields = fields

    @extend_schema_field(ProblemSerializer(many=True))
    def get_problems(self, request: PlacementRequest) -> list[dict]:
        if request.status != RequestStatus.DRAFT:
            return []
        return [{"field": f, "message": m} for f, m in request_problems(request)]


class RequestFieldsSerializer(serializers.Serializer):
    """A draft request's fields (PATCH: only what changes). The lot is named by its kind."""

    lot = serializers.ChoiceField(LotKind.choices)
    dps = serializers.UUIDField(
        required=False,
        write_only=True,
        help_text="The DPS the lot belongs to; needed only when more than one in term has it.",
    )
    required_start_on = serializers.DateField()
    provision = serializers.ChoiceField(Provision.choices, required=False)
    weeks_per_year = serializers.ChoiceField(WEEKS_CHOICES, required=False)
    needs_summary = serializers.CharField(help_text="The child's needs, with no identity.")
    risks = serializers.CharField(required=False, allow_blank=True)
    communication = serializers.CharField(required=False, allow_blank=True)
    compatibility = serializers.CharField(required=False, allow_blank=True)
    additional_support = serializers.CharField(required=False, allow_blank=True)
    budget_ceiling_weekly = serializers.DecimalField(**FEE, required=False, allow_null=True)
    response_deadline = serializers.DateField(required=False, allow_null=True)
    mainstream_considered = serializers.BooleanField(required=False)
    in_borough_considered = serializers.BooleanField(required=False)
    not_met_reasons = serializers.ListField(
        child=serializers.ChoiceField(NotMetReason.choices), required=False
    )
    not_met_explanation = serializers.CharField(required=False, allow_blank=True)
    phase_transfer = serializers.ChoiceField(
        PhaseTransfer.choices, required=False, allow_blank=True
    )
    transfer_on = serializers.DateField(required=False, allow_null=True)

    def validate(self, data):
        if "dps" in data and "lot" not in data:
            raise serializers.ValidationError({"lot": ["Choose the lot of that DPS"]})
        if "lot" in data:
            data["lot"] = self._lot(data.pop("lot"), data.pop("dps", None))
        return data

    def _lot(self, kind: str, dps) -> Lot:
        lots = Lot.objects.for_user(self.context["request"].user).filter(kind=kind)
        if dps is not None:
            lots = lots.filter(dps__public_id=dps)
        else:
            today = timezone.localdate()
            lots = lots.filter(dps__starts_on__lte=today, dps__ends_on__gte=today)
        found = list(lots.select_related("dps")[:2])
        if len(found) != 1:
            message = MSG_NO_LOT if not found else MSG_WHICH_DPS
            raise serializers.ValidationError({"lot": [message]})
        return found[0]


class RequestCreateSerializer(RequestFieldsSerializer):
    child = serializers.UUIDField(help_text="The id of one of your borough's children.")


class MatchSerializer(serializers.Serializer):
    """An enrolled setting that fits the request, as matching ranks it."""

    setting = _uuid("setting.public_id")
    name = serializers.CharField(source="setting.name", read_only=True)
    provider = _uuid("setting.provider.public_id")
    provider_name = serializers.CharField(source="setting.provider.legal_name", read_only=True)
    distance_km = serializers.SerializerMethodField()
    ofsted = serializers.CharField(read_only=True, allow_null=True)
    ceiling_weekly = _money()
    vacancies = serializers.IntegerField(source="setting.vacancies", read_only=True)
    invited = serializers.BooleanField(read_only=True)

    @extend_schema_field(serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True))
    def get_distance_km(self, match) -> str | None:
        distance = km(match.distance_km)
        return None if distance is None else f"{distance:.1f}"


class InviteSerializer(serializers.Serializer):
    settings = serializers.ListField(
        child=serializers.UUIDField(), help_text="Ids of matched settings to invite."
    )


class DecisionReasonSerializer(serializers.Serializer):
    # Blank text is left to the services, whose messages follow GOV.UK wording ("Enter a reason").
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Why: recorded in the history. Required to cancel or to record none suitable.",
    )


class AwardSerializer(serializers.Serializer):
    invitation = serializers.UUIDField(help_text="The id of the invitation whose offer wins.")
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    spot_weekly = serializers.DecimalField(
        **FEE,
        required=False,
        allow_null=True,
        help_text="What a spot purchase of the same place would cost a week, if known.",
    )


class EvaluationRowSerializer(serializers.Serializer):
    """One live offer with its scores out of 100 (quality and price weighted by the consortium)."""

    invitation = _uuid("invitation.public_id")
    setting = _uuid("invitation.setting.public_id")
    setting_name = serializers.CharField(source="invitation.setting.name", read_only=True)
    provider_name = serializers.CharField(source="invitation.provider.legal_name", read_only=True)
    status = CodeField(InvitationStatus.choices, source="invitation.status", read_only=True)
    weekly_fee = _money()
    annual_cost = _money()
    vs_ceiling = _money(help_text="Weekly fee minus the DPS ceiling: negative is under it.")
    vs_budget = _money(help_text="Weekly fee minus the request's budget ceiling.")
    ofsted = serializers.CharField(read_only=True, allow_null=True)
    needs_fit = serializers.IntegerField(
        source="invitation.offer.needs_fit", read_only=True, allow_null=True
    )
    quality_score = serializers.DecimalField(**SCORE)
    price_score = serializers.DecimalField(**SCORE)
    total_score = serializers.DecimalField(**SCORE)


# --- Invitations, offers and questions ----------------------------------------------------------


class OfferSerializer(serializers.ModelSerializer):
    weekly_fee = _money()
    annual_cost = _money()

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
            "submitted_at",
            "updated_at",
        ]
        read_only_fields = fields


class OfferQuestionSerializer(serializers.ModelSerializer):
    id = _uuid("public_id")
    invitation = _uuid("invitation.public_id")

    class Meta:
        model = OfferQuestion
        fields = ["id", "invitation", "question", "asked_at", "answer", "answered_at"]
        read_only_fields = fields


class _InvitationBase(serializers.ModelSerializer):
    id = _uuid("public_id")
    request_reference = serializers.CharField(source="request.reference", read_only=True)
    setting = _uuid("setting.public_id")
    setting_name = serializers.CharField(source="setting.name", read_only=True)
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
        "distance_km",
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
    request = _uuid("request.public_id")
    child_reference = serializers.CharField(source="request.child.reference", read_only=True)
    provider = _uuid("provider.public_id")
    provider_name = serializers.CharField(source="provider.legal_name", read_only=True)
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
            "request",
            "child_reference",
            "provider",
            "provider_name",
            "needs_fit",
        ]
        read_only_fields = fields


class ProviderInvitationSerializer(_InvitationBase):
    """An invitation as the invited provider sees it: the child's needs, never their identity
    (no name, borough reference, date of birth or full postcode; the postcode district only)."""

    audience = AudienceField("provider", "A provider's view of an invitation")
    lot = serializers.CharField(source="request.lot.kind", read_only=True)
    primary_need = CodeField(NeedCode.choices, source="request.child.primary_need", read_only=True)
    secondary_needs = serializers.ListField(
        child=CodeField(NeedCode.choices), source="request.child.secondary_needs", read_only=True
    )
    national_curriculum_year = serializers.IntegerField(
        source="request.child.national_curriculum_year", read_only=True
    )
    sex = CodeField(Sex.choices, source="request.child.sex", read_only=True)
    postcode_district = serializers.CharField(
        source="request.child.postcode_district", read_only=True
    )
    needs_summary = serializers.CharField(source="request.needs_summary", read_only=True)
    risks = serializers.CharField(source="request.risks", read_only=True)
    communication = serializers.CharField(source="request.communication", read_only=True)
    compatibility = serializers.CharField(source="request.compatibility", read_only=True)
    additional_support = serializers.CharField(source="request.additional_support", read_only=True)
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

    class Meta:
        model = RequestInvitation
        fields = [
            *_InvitationBase.COMMON,
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
        ]
        read_only_fields = fields


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
    conditions = serializers.CharField(required=False, allow_blank=True, default="")


class DeclineSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(DeclineReason.choices)
    note = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Required for `other`."
    )


class RateSerializer(serializers.Serializer):
    needs_fit = serializers.IntegerField(
        min_value=0, max_value=4, allow_null=True, help_text="0 (does not meet) to 4 (fully)."
    )


class AskSerializer(serializers.Serializer):
    question = serializers.CharField(required=False, allow_blank=True, default="")


class QuestionAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(required=False, allow_blank=True, default="")


# --- Placements ---------------------------------------------------------------------------------


class FeeChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = FeeChange
        fields = ["effective_from", "weekly_fee", "reason", "recorded_at"]
        read_only_fields = fields


class _PlacementBase(serializers.ModelSerializer):
    id = _uuid("public_id")
    reference = serializers.CharField(read_only=True)
    request_reference = serializers.SerializerMethodField()
    status = CodeField(PlacementStatus.choices, read_only=True)
    end_reason = CodeField(EndReason.choices, read_only=True)
    setting = _uuid("setting.public_id")
    setting_name = serializers.CharField(source="setting.name", read_only=True)
    lot = serializers.CharField(source="lot.kind", read_only=True)
    current_weekly = _money(help_text="The weekly fee in force today.")
    committed_annual = _money(help_text="Today's weekly fee x weeks a year; 0 once ended.")
    cost_to_date = CostToDateField()
    fees = FeeChangeSerializer(many=True, read_only=True)

    COMMON = [
        "id",
        "audience",
        "reference",
        "request_reference",
        "status",
        "setting",
        "setting_name",
        "lot",
        "provision",
        "weeks_per_year",
        "starts_on",
        "ends_on",
        "end_reason",
        "agreed_weekly",
        "ceiling_weekly",
        "current_weekly",
        "committed_annual",
        "cost_to_date",
        "next_review_on",
        "fees",
    ]

    def get_request_reference(self, placement: Placement) -> str | None:
        # From the id, so a list does not fetch every request.
        return f"PR-{placement.request_id:06d}" if placement.request_id else None


class CouncilPlacementSerializer(_PlacementBase):
    """A placement as the borough sees it, with its savings against the DPS ceiling and any
    spot-purchase price (annual, at the fee agreed at award)."""

    audience = AudienceField("council", "The borough's view of a placement")
    borough = serializers.CharField(source="borough.ons_code", read_only=True)
    child = _uuid("child.public_id")
    child_reference = serializers.CharField(source="child.reference", read_only=True)
    request = _uuid("request.public_id", allow_null=True)
    provider = _uuid("provider.public_id")
    provider_name = serializers.CharField(source="provider.legal_name", read_only=True)
    saving_vs_ceiling = _money(help_text="(DPS ceiling - agreed weekly fee) x weeks a year.")
    saving_vs_spot = _money(help_text="(Spot price - agreed weekly fee) x weeks a year.")
    moved_from = _uuid("moved_from.public_id", allow_null=True)
    financial_year = serializers.SerializerMethodField(
        help_text="The financial year it started in, like 2025-26."
    )

    class Meta:
        model = Placement
        fields = [
            *_PlacementBase.COMMON,
            "borough",
            "child",
            "child_reference",
            "request",
            "provider",
            "provider_name",
            "spot_weekly",
            "saving_vs_ceiling",
            "saving_vs_spot",
            "distance_km",
            "moved_from",
            "financial_year",
        ]
        read_only_fields = fields

    def get_financial_year(self, placement: Placement) -> str:
        return financial_year_label(placement.financial_year)


class ProviderPlacementSerializer(_PlacementBase):
    """A placement at one of the provider's settings: the fee and its history, no child identity
    and none of the borough's own figures (spot prices, savings)."""

    audience = AudienceField("provider", "A provider's view of a placement")

    class Meta:
        model = Placement
        fields = _PlacementBase.COMMON
        read_only_fields = fields


class PlacementUpdateSerializer(serializers.Serializer):
    spot_weekly = serializers.DecimalField(
        **FEE,
        required=False,
        allow_null=True,
        help_text="What the same place would cost a week bought off-framework.",
    )
    next_review_on = serializers.DateField(required=False, allow_null=True)


class FeeChangeInputSerializer(serializers.Serializer):
    effective_from = serializers.DateField()
    weekly_fee = serializers.DecimalField(**FEE)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class PlacementEndSerializer(serializers.Serializer):
    ends_on = serializers.DateField()
    reason = serializers.ChoiceField(EndReason.choices)


class PlacementMoveSerializer(serializers.Serializer):
    setting = serializers.UUIDField(help_text="The setting to move to, on the same lot.")
    starts_on = serializers.DateField()
    weekly_fee = serializers.DecimalField(**FEE)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


# --- Savings ------------------------------------------------------------------------------------

SAVINGS_BY = ["consortium", "strand", "borough", "lot", "year"]


class SavingsQuerySerializer(serializers.Serializer):
    by = serializers.ChoiceField(
        [(by, by) for by in SAVINGS_BY], default="consortium", help_text="How to group totals."
    )
    on = serializers.DateField(
        required=False, help_text="The day whose fees count as current (default today)."
    )


class SavingsRowSerializer(serializers.Serializer):
    """One group's totals; the group's keys are null where the totals are not grouped by them."""

    strand = serializers.CharField(allow_null=True)
    borough = serializers.CharField(allow_null=True)
    lot = serializers.CharField(allow_null=True)
    financial_year = serializers.CharField(allow_null=True, help_text="Like 2025-26.")
    placements = serializers.IntegerField()
    committed_annual = serializers.DecimalField(**MONEY)
    saving_vs_ceiling = serializers.DecimalField(**MONEY)
    saving_vs_spot = serializers.DecimalField(**MONEY)


class SavingsSerializer(serializers.Serializer):
    by = serializers.CharField()
    totals = SavingsRowSerializer(many=True)
