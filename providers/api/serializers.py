"""What the DPS API shows and accepts. Output serializers read rows; input serializers only
validate shapes and resolve ids: every write goes through providers.services.

Rows are named by their public id (`id`); lots by their kind within a DPS (`iss_day`).
Money is a decimal string ("1650.50"), never a float.
"""

from __future__ import annotations

from decimal import Decimal

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from boroughs import uploads
from boroughs.fields import DocumentUploadField
from kernel.api.base import RowSlugField
from kernel.api.fields import FlagField, StrictModelFields, TextField, postcode_field, required_text

from ..choices import (
    SETTING_TYPES,
    WEEKS_PER_YEAR,
    Declaration,
    EvidenceType,
    ExclusionGround,
    NeedCode,
)
from ..models import (
    MSG_SETTING_TYPE,
    URN_SHAPE,
    Application,
    Clarification,
    DynamicPurchasingSystem,
    Enrolment,
    EvidenceDocument,
    Lot,
    PriceLine,
    Provider,
    Setting,
    urn_validator,
)
from ..services import MSG_POSTCODE, MSG_QUESTION

MONEY = {"max_digits": 12, "decimal_places": 2}
RATE = {"max_digits": 9, "decimal_places": 2, "min_value": 0, "default": Decimal("0.00")}


@extend_schema_field(OpenApiTypes.STR)
class LotField(RowSlugField):
    """A lot of the application's DPS, by kind (`iss_day`).

    A plain string in the schema: as enums, `lot` and `lots` would name one choice set twice.
    """

    def __init__(self, **kwargs):
        super().__init__(slug_field="kind", queryset=Lot.objects.none(), **kwargs)


def _public_id(source: str) -> serializers.UUIDField:
    return serializers.UUIDField(source=source, read_only=True, allow_null=True)


# --- Output -----------------------------------------------------------------------------------


class LotSerializer(serializers.ModelSerializer):
    # A plain string in the schema: as an enum its name would collide with the strands' `kind`.
    kind = TextField(read_only=True, help_text="Names the lot elsewhere in this API, like iss_day.")

    class Meta:
        model = Lot
        fields = ["number", "kind", "name", "description"]


class DPSSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    strand = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    lots = LotSerializer(many=True, read_only=True)

    class Meta:
        model = DynamicPurchasingSystem
        fields = [
            "id",
            "name",
            "strand",
            "regime",
            "starts_on",
            "ends_on",
            "conditions_of_membership",
            "lots",
        ]


class ProviderSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = Provider
        fields = [
            "id",
            "legal_name",
            "trading_name",
            "companies_house_number",
            "charity_number",
            "registered_address",
            "postcode",
            "contact_name",
            "contact_email",
            "contact_phone",
            "details_confirmed_at",
            "created_at",
        ]


class SettingSerializer(StrictModelFields, serializers.ModelSerializer):
    """A setting, read and written. `provider` is always the signed-in provider's own; where
    the setting is and its local authority come from its postcode."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    provider = _public_id("provider.public_id")
    weeks_offered = serializers.ListField(
        child=serializers.ChoiceField(choices=WEEKS_PER_YEAR), required=False
    )
    needs = serializers.ListField(
        child=serializers.ChoiceField(choices=NeedCode.choices), required=False
    )
    enrolled_lots = serializers.SerializerMethodField(
        help_text="Lots the setting is enrolled on now, by kind."
    )
    postcode = postcode_field(MSG_POSTCODE, optional=True, max_length=8, required=False)
    # The shape the model's validator takes, in the schema (uniqueness is the service's: 409).
    urn = serializers.RegexField(
        URN_SHAPE,
        max_length=6,
        required=False,
        allow_null=True,
        allow_blank=True,
        trim_whitespace=False,
        error_messages={"invalid": urn_validator.message},
        help_text="The school's 6-digit URN, like 101234.",
    )
    # The codes Setting.clean takes, as an enum, so the schema refuses what the model would.
    establishment_type = serializers.ChoiceField(
        choices=sorted(SETTING_TYPES),
        allow_blank=True,
        required=False,
        error_messages={"invalid_choice": MSG_SETTING_TYPE},
        help_text="GIAS type code (schools) or SSDA903 code (care).",
    )

    class Meta:
        model = Setting
        fields = [
            "id",
            "provider",
            "name",
            "urn",
            "laestab",
            "ofsted_urn",
            "establishment_type",
            "section41_status",
            "age_low",
            "age_high",
            "sex",
            "capacity",
            "vacancies",
            "offers_day",
            "offers_residential",
            "weeks_offered",
            "needs",
            "address",
            "postcode",
            "latitude",
            "longitude",
            "dfe_la_code",
            "enrolled_lots",
            "updated_at",
        ]
        # Derived, never the provider's to say: the place and LA from the postcode (or GIAS),
        # Section 41 status from the DfE's list (providers.services.setting_save).
        read_only_fields = [
            "laestab",
            "section41_status",
            "latitude",
            "longitude",
            "dfe_la_code",
            "updated_at",
        ]
        # Uniqueness is the service's to check (setting_save validates the model against every
        # provider's settings); the serializer sees only the rows its user may see.
        extra_kwargs = {"urn": {"validators": []}, "ofsted_urn": {"validators": []}}

    def get_enrolled_lots(self, setting: Setting) -> list[str]:
        # `current_enrolments` is prefetched by the viewset; a fresh row has none yet.
        return [e.lot.kind for e in getattr(setting, "current_enrolments", [])]


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


class DocumentSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    provider = serializers.UUIDField(source="provider.public_id", read_only=True)
    application = _public_id("application.public_id")

    class Meta:
        model = EvidenceDocument
        fields = [
            "id",
            "provider",
            "application",
            "evidence_type",
            "original_name",
            "content_type",
            "size",
            "expires_on",
            "uploaded_at",
            "accepted_at",
            "rejected_at",
        ]
        read_only_fields = fields


class EnrolmentSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    setting = serializers.UUIDField(source="setting.public_id", read_only=True)
    setting_name = TextField(source="setting.name", read_only=True)
    provider = _public_id("setting.provider.public_id")
    dps = serializers.UUIDField(source="lot.dps.public_id", read_only=True)
    lot = TextField(source="lot.kind", read_only=True)
    application = serializers.UUIDField(source="application.public_id", read_only=True)
    weekly_ceiling = serializers.DecimalField(
        source="price.weekly_ceiling", max_digits=10, decimal_places=2, read_only=True
    )
    weeks_per_year = serializers.IntegerField(source="price.weeks_per_year", read_only=True)
    events = EventSerializer(many=True, read_only=True)

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "setting",
            "setting_name",
            "provider",
            "dps",
            "lot",
            "application",
            "status",
            "suspended_for_expiry",
            "enrolled_at",
            "weekly_ceiling",
            "weeks_per_year",
            "events",
        ]
        read_only_fields = fields


# --- Input ------------------------------------------------------------------------------------


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


class DocumentUploadSerializer(serializers.Serializer):
    evidence_type = serializers.ChoiceField(choices=EvidenceType.choices)
    file = DocumentUploadField(
        help_text=f"{uploads.HELP_TEXT} Checked by its content, which names the stored file's type."
    )
    # Not nullable: a form field cannot say null; leave it out instead.
    expires_on = serializers.DateField(
        required=False, help_text="Required for insurance certificates."
    )


class QuestionSerializer(serializers.Serializer):
    question = required_text(MSG_QUESTION, help_text="What the provider must answer.")


class AnswerSerializer(serializers.Serializer):
    answer = TextField(required=False, allow_blank=True, default="")


class ReasonSerializer(serializers.Serializer):
    reason = TextField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Why: recorded in the history.",
    )
