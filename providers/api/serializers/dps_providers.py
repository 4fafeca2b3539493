"""What the DPS API shows of DPSs and their lots, providers, and settings (a setting is written
through its own serializer too)."""

from __future__ import annotations

from rest_framework import serializers

from kernel.api.fields import StrictModelFields, TextField, postcode_field

from ...choices import SETTING_TYPES, WEEKS_PER_YEAR, NeedCode
from ...models import (
    MSG_SETTING_TYPE,
    UKPRN_SHAPE,
    URN_SHAPE,
    DynamicPurchasingSystem,
    Lot,
    Provider,
    Setting,
    ukprn_validator,
    urn_validator,
)
from ...services import MSG_POSTCODE
from .fields import public_id_field


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
            "ppon",
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
    provider = public_id_field("provider.public_id")
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
    ukprn = serializers.RegexField(
        UKPRN_SHAPE,
        max_length=8,
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        error_messages={"invalid": ukprn_validator.message},
        help_text="The UK Provider Reference Number, like 10012345 (post-16 institutions).",
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
            "ukprn",
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
