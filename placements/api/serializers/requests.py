"""Placement requests in the placements API: a request and its drafting, matching, invitations,
decisions and award. Input serializers only check shapes and resolve ids: the writes are
placements.services'."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kernel.api.base import NamedRowNotFound
from kernel.api.fields import (
    CodeField,
    FlagField,
    TextField,
    money_field,
    uuid_field,
)
from kernel.api.serializers import RequiredReasonSerializer
from providers.choices import LotKind
from providers.models import Lot

from ...choices import (
    NotMetReason,
    PhaseTransfer,
    Provision,
    RequestStatus,
    SufficiencyReason,
)
from ...matching import km
from ...models import WEEKS_CHOICES, PlacementRequest
from ...services import request_problems
from ...services.requests import MSG_CHOOSE_SETTINGS
from .fields import FEE

MSG_WHICH_DPS = "More than one DPS has this lot: give the DPS's id as well"


MSG_NO_LOT = "Choose a lot of your consortium's DPS"


class ProblemSerializer(serializers.Serializer):
    field = TextField()
    message = TextField()


class PlacementRequestSerializer(serializers.ModelSerializer):
    """A borough's placement request, as its own staff see it."""

    id = uuid_field("public_id")
    reference = TextField(read_only=True)
    status = CodeField(RequestStatus.choices, read_only=True)
    unmet_reason = CodeField(
        SufficiencyReason.choices,
        read_only=True,
        help_text="Why no offer was suitable, when the request closed as none suitable.",
    )
    borough = TextField(source="borough.ons_code", read_only=True)
    child = uuid_field("child.public_id")
    child_reference = TextField(source="child.reference", read_only=True)
    strand = TextField(source="strand.slug", read_only=True)
    dps = uuid_field("lot.dps.public_id")
    lot = TextField(source="lot.kind", read_only=True, help_text="The lot's kind.")
    lot_name = TextField(source="lot.name", read_only=True)
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
            "unmet_reason",
        ]
        read_only_fields = fields

    @extend_schema_field(ProblemSerializer(many=True))
    def get_problems(self, placement_request: PlacementRequest) -> list[dict]:
        if placement_request.status != RequestStatus.DRAFT:
            return []
        return [{"field": f, "message": m} for f, m in request_problems(placement_request)]


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
    needs_summary = TextField(help_text="The child's needs, with no identity.")
    risks = TextField(required=False, allow_blank=True)
    communication = TextField(required=False, allow_blank=True)
    compatibility = TextField(required=False, allow_blank=True)
    additional_support = TextField(required=False, allow_blank=True)
    budget_ceiling_weekly = serializers.DecimalField(**FEE, required=False, allow_null=True)
    response_deadline = serializers.DateField(required=False, allow_null=True)
    mainstream_considered = FlagField(required=False)
    in_borough_considered = FlagField(required=False)
    not_met_reasons = serializers.ListField(
        child=serializers.ChoiceField(NotMetReason.choices), required=False
    )
    not_met_explanation = TextField(required=False, allow_blank=True)
    phase_transfer = serializers.ChoiceField(
        PhaseTransfer.choices, required=False, allow_blank=True
    )
    transfer_on = serializers.DateField(required=False, allow_null=True)

    def validate(self, data):
        if "dps" in data and "lot" not in data:
            # A new DPS alone keeps the request's kind of lot: that lot of the new DPS.
            current = self.context.get("lot_kind")
            if current is None:
                raise serializers.ValidationError({"lot": ["Choose the lot of that DPS"]})
            data["lot"] = current
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
        if not found:
            raise NamedRowNotFound("lot", MSG_NO_LOT)
        if len(found) != 1:
            raise serializers.ValidationError({"lot": [MSG_WHICH_DPS]})
        return found[0]


class RequestCreateSerializer(RequestFieldsSerializer):
    child = serializers.UUIDField(help_text="The id of one of your borough's children.")


class MatchOutcomeRecordSerializer(serializers.Serializer):
    """The setting's published outcomes record for the child's primary need (ADR 0006)."""

    score = serializers.DecimalField(
        max_digits=6,
        decimal_places=3,
        read_only=True,
        help_text="Shrunken estimate of mean progress a term.",
    )
    rank_bound = serializers.DecimalField(
        max_digits=6,
        decimal_places=3,
        read_only=True,
        allow_null=True,
        help_text="Lower credible bound of the shrunken estimate: what the outcomes order ranks "
        "by. Null when too few children stand behind the record to rank it.",
    )
    mean_progress = serializers.DecimalField(max_digits=6, decimal_places=3, read_only=True)
    lower = serializers.DecimalField(
        max_digits=6, decimal_places=3, read_only=True, help_text="95% interval of the mean."
    )
    upper = serializers.DecimalField(max_digits=6, decimal_places=3, read_only=True)
    children = serializers.IntegerField(read_only=True)
    percentile = serializers.IntegerField(read_only=True, allow_null=True)
    published_at = serializers.DateTimeField(read_only=True)


class MatchSerializer(serializers.Serializer):
    """An enrolled setting that fits the request, as matching ranks it."""

    setting = uuid_field("setting.public_id")
    name = TextField(source="setting.name", read_only=True)
    provider = uuid_field("setting.provider.public_id")
    provider_name = TextField(source="setting.provider.legal_name", read_only=True)
    distance_km = serializers.SerializerMethodField()
    ofsted = TextField(read_only=True, allow_null=True)
    ceiling_weekly = money_field()
    vacancies = serializers.IntegerField(source="setting.vacancies", read_only=True)
    invited = FlagField(read_only=True)
    outcome_record = MatchOutcomeRecordSerializer(
        read_only=True,
        allow_null=True,
        help_text="Null when the setting has no published record for the child's need.",
    )

    @extend_schema_field(serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True))
    def get_distance_km(self, match) -> str | None:
        distance = km(match.distance_km)
        return None if distance is None else f"{distance:.1f}"


class InviteSerializer(serializers.Serializer):
    settings = serializers.ListField(
        child=serializers.UUIDField(),
        min_length=1,
        error_messages={"min_length": MSG_CHOOSE_SETTINGS},
        help_text="Ids of matched settings to invite.",
    )


class DecisionReasonSerializer(serializers.Serializer):
    # Blank text is left to the services, whose messages follow GOV.UK wording ("Enter a reason").
    reason = TextField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Why: recorded in the history.",
    )


class NoneSuitableSerializer(RequiredReasonSerializer):
    """Why no offer meets the need: a sufficiency code and the reason in words."""

    reason_code = CodeField(
        SufficiencyReason.choices,
        help_text="Why no offer is suitable, as the sufficiency figures count it.",
        error_messages={
            "required": "Select why no offer is suitable",
            "invalid_choice": "Select why no offer is suitable",
        },
    )


class AwardSerializer(serializers.Serializer):
    invitation = serializers.UUIDField(help_text="The id of the invitation whose offer wins.")
    reason = TextField(required=False, allow_blank=True, default="")
    unrated_reason = TextField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Required when any live offer is not rated for needs fit.",
    )
    safeguarding_reason = TextField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Required when Ofsted found safeguarding not met at the winning setting.",
    )
    start_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Required when the offer's proposed start date is already past.",
    )
    spot_weekly = serializers.DecimalField(
        **FEE,
        required=False,
        allow_null=True,
        help_text="What a spot purchase of the same place would cost a week, if known.",
    )
