"""What the outcomes API shows and accepts for the outcomes framework's versions, domains,
indicators and sign-offs. The views (outcomes.api.views.framework) import them from here."""

from __future__ import annotations

from drf_spectacular.utils import (
    extend_schema_field,
)
from rest_framework import serializers

from kernel.api.fields import CodeField, TextField, uuid_field

from ...choices import DomainKind, Scale, VersionStatus
from ...models import Domain, FrameworkVersion, Indicator, SignOff
from ...selectors.framework import scale_points


class IndicatorSerializer(serializers.ModelSerializer):
    scale = CodeField(Scale.choices, read_only=True)
    descriptors = serializers.SerializerMethodField(
        help_text="What each score means, keyed by the score (GAS: -2 to 2; rating: 1 to 5)."
    )

    class Meta:
        model = Indicator
        fields = ["code", "name", "description", "scale", "descriptors", "order"]
        read_only_fields = fields

    @extend_schema_field(serializers.DictField(child=TextField()))
    def get_descriptors(self, indicator: Indicator) -> dict:
        return {str(score): meaning for score, meaning in scale_points(indicator)}


class DomainSerializer(serializers.ModelSerializer):
    kind = CodeField(DomainKind.choices, read_only=True)
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Domain
        fields = ["code", "name", "kind", "order", "indicators"]
        read_only_fields = fields


class SignOffSerializer(serializers.ModelSerializer):
    party = serializers.SerializerMethodField(help_text="borough or provider.")
    organisation = serializers.SerializerMethodField()
    borough = TextField(source="borough.ons_code", read_only=True, allow_null=True)
    provider = uuid_field("provider.public_id", allow_null=True)
    signed_by = TextField(source="signed_by.__str__", read_only=True)

    class Meta:
        model = SignOff
        fields = ["party", "organisation", "borough", "provider", "signed_by", "signed_at"]
        read_only_fields = fields

    def get_party(self, sign_off: SignOff) -> str:
        return "borough" if sign_off.borough_id else "provider"

    def get_organisation(self, sign_off: SignOff) -> str:
        return str(sign_off.borough or sign_off.provider)


class FrameworkSerializer(serializers.ModelSerializer):
    """A version of the framework: draft → agreed → superseded."""

    id = uuid_field("public_id")
    status = CodeField(VersionStatus.choices, read_only=True)
    agreed_by = TextField(source="agreed_by.__str__", read_only=True, allow_null=True)
    borough_sign_offs = serializers.IntegerField(read_only=True)
    provider_sign_offs = serializers.IntegerField(read_only=True)
    member_boroughs = serializers.IntegerField(
        read_only=True, help_text="Boroughs of the consortium: all must sign off."
    )
    domains = DomainSerializer(many=True, read_only=True)
    sign_offs = SignOffSerializer(many=True, read_only=True)

    class Meta:
        model = FrameworkVersion
        fields = [
            "id",
            "number",
            "title",
            "summary",
            "status",
            "created_at",
            "agreed_at",
            "agreed_by",
            "borough_sign_offs",
            "provider_sign_offs",
            "member_boroughs",
            "domains",
            "sign_offs",
        ]
        read_only_fields = fields


class VersionUpdateSerializer(serializers.Serializer):
    title = TextField(max_length=200)
    summary = TextField(allow_blank=True, required=False, default="")


class DomainInputSerializer(serializers.Serializer):
    code = serializers.SlugField(max_length=40)
    name = TextField(max_length=120)
    kind = CodeField(DomainKind.choices)


class IndicatorInputSerializer(serializers.Serializer):
    code = serializers.SlugField(max_length=40)
    name = TextField(max_length=200)
    description = TextField(allow_blank=True, required=False, default="")
    scale = CodeField(Scale.choices)
    descriptors = serializers.DictField(
        child=TextField(allow_blank=True),
        required=False,
        default=dict,
        help_text='A rating\'s meaning for each of "1" to "5" (all required); ignored for GAS.',
    )
