"""The outcomes framework in the API: versions with their domains, indicators and sign-offs.

Council staff and provider users read every version they may see. Commissioners and borough
analysts sign a draft off for their borough, provider users for their provider; a consortium
admin starts a version, edits a draft's domains and indicators (addressed by code, under
`frameworks/{id}/domains/{code}/...`) and agrees it. A wrong state answers 409, a role that
may not act 403.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from kernel.api.base import ScopedViewSetMixin
from kernel.api.fields import CodeField, TextField, uuid_field
from kernel.api.lookups import valid_input
from kernel.api.schema import error_response, write_schema
from kernel.errors import NotAllowed

from ..choices import DomainKind, Scale, VersionStatus
from ..models import Domain, FrameworkVersion, Indicator, SignOff
from ..selectors.framework import framework_version_list, scale_points, with_parts
from ..services import framework as services

FORBIDDEN = error_response("Your role may not do this (see the operation's description).")
CODE = r"[a-z0-9]+(?:-[a-z0-9]+)*"
DOMAIN_PATH = rf"domains/(?P<code>{CODE})"
INDICATOR_PATH = rf"{DOMAIN_PATH}/indicators/(?P<indicator>{CODE})"
CODE_PARAMS = [
    OpenApiParameter("code", OpenApiTypes.STR, OpenApiParameter.PATH, description="Domain code.")
]
INDICATOR_PARAMS = [
    *CODE_PARAMS,
    OpenApiParameter(
        "indicator", OpenApiTypes.STR, OpenApiParameter.PATH, description="Indicator code."
    ),
]

UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"

# --- Output -------------------------------------------------------------------------------------


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


# --- Input --------------------------------------------------------------------------------------


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


def _write(summary: str, body, answer=FrameworkSerializer, *, code: int = 200, **extra):
    return write_schema(summary, body, answer, code=code, forbidden=FORBIDDEN, **extra)


def _versions(*, actor):
    return with_parts(framework_version_list(actor=actor))


# --- Views --------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Framework versions, newest first"),
    retrieve=extend_schema(summary="One version with its domains, indicators and sign-offs"),
    create=_write("Start the next version as a draft (consortium admins)", None, code=201),
    partial_update=_write("Change a draft's title and summary", VersionUpdateSerializer),
)
class FrameworkViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Versions of the consortium's outcomes framework. A draft copies the agreed version (or
    the defaults) and is agreed once every member borough and a provider have signed it off;
    changing a draft withdraws its sign-offs."""

    action_rules = {
        "create": "outcomes.add_framework",
        "partial_update": "outcomes.change_framework",
        "sign_off": "outcomes.sign_framework",
        "agree": "outcomes.change_framework",
        "add_domain": "outcomes.change_framework",
        "domain": "outcomes.change_framework",
        "add_indicator": "outcomes.change_framework",
        "indicator": "outcomes.change_framework",
    }

    queryset = FrameworkVersion.objects.none()
    serializer_class = FrameworkSerializer
    selector = _versions
    lookup_field = "public_id"
    lookup_url_kwarg = "id"
    lookup_value_regex = UUID

    def show(self, version: FrameworkVersion, *, code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=version.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def create(self, request, *args, **kwargs):
        user = request.user
        if user.borough_id is None:
            raise NotAllowed(services.MSG_ADMIN_ONLY)
        version = services.framework_version_create(actor=user, consortium=user.borough.consortium)
        return self.show(version, code=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        version = self.get_object()
        fields = {"title": version.title, "summary": version.summary}
        fields.update(valid_input(VersionUpdateSerializer, self, partial=True))
        services.framework_version_update(actor=request.user, version=version, **fields)
        return self.show(version)

    @_write("Sign off a draft for your borough or provider", None)
    @action(detail=True, methods=["post"], url_path="sign-off")
    def sign_off(self, request, *args, **kwargs):
        version = self.get_object()
        services.framework_version_sign_off(actor=request.user, version=version)
        return self.show(version)

    @_write("Agree a signed-off draft; the agreed version before it is superseded", None)
    @action(detail=True, methods=["post"])
    def agree(self, request, *args, **kwargs):
        version = self.get_object()
        services.framework_version_agree(actor=request.user, version=version)
        return self.show(version)

    # Domains and indicators of a draft (consortium admins).

    def _domain(self, version: FrameworkVersion) -> Domain:
        domain = (
            Domain.objects.for_user(self.request.user)
            .filter(version=version, code=self.kwargs["code"])
            .first()
        )
        if domain is None:
            raise NotFound
        return domain

    def _indicator(self, domain: Domain) -> Indicator:
        indicator = (
            Indicator.objects.for_user(self.request.user)
            .filter(domain=domain, code=self.kwargs["indicator"])
            .first()
        )
        if indicator is None:
            raise NotFound
        indicator.domain = domain
        return indicator

    @_write("Add a domain to a draft", DomainInputSerializer, DomainSerializer, code=201)
    @action(detail=True, methods=["post"], url_path="domains")
    def add_domain(self, request, *args, **kwargs):
        version = self.get_object()
        fields = valid_input(DomainInputSerializer, self)
        domain = services.domain_create(actor=request.user, version=version, **fields)
        return Response(DomainSerializer(domain).data, status=status.HTTP_201_CREATED)

    @_write(
        "Change a draft's domain",
        DomainInputSerializer,
        DomainSerializer,
        methods=["PATCH"],
        parameters=CODE_PARAMS,
    )
    @_write("Remove a draft's domain and its indicators", None, None, code=204, methods=["DELETE"])
    @extend_schema(parameters=CODE_PARAMS)
    @action(detail=True, methods=["patch", "delete"], url_path=DOMAIN_PATH)
    def domain(self, request, *args, **kwargs):
        domain = self._domain(self.get_object())
        if request.method == "DELETE":
            services.domain_delete(actor=request.user, domain=domain)
            return Response(status=status.HTTP_204_NO_CONTENT)
        current = {"code": domain.code, "name": domain.name, "kind": domain.kind}
        fields = {**current, **valid_input(DomainInputSerializer, self, partial=True)}
        domain = services.domain_update(actor=request.user, domain=domain, **fields)
        return Response(DomainSerializer(domain).data)

    @_write(
        "Add an indicator to a draft's domain",
        IndicatorInputSerializer,
        IndicatorSerializer,
        code=201,
        parameters=CODE_PARAMS,
    )
    @action(detail=True, methods=["post"], url_path=rf"{DOMAIN_PATH}/indicators")
    def add_indicator(self, request, *args, **kwargs):
        domain = self._domain(self.get_object())
        fields = valid_input(IndicatorInputSerializer, self)
        indicator = services.indicator_create(actor=request.user, domain=domain, **fields)
        return Response(IndicatorSerializer(indicator).data, status=status.HTTP_201_CREATED)

    @_write(
        "Change a draft's indicator",
        IndicatorInputSerializer,
        IndicatorSerializer,
        methods=["PATCH"],
        parameters=INDICATOR_PARAMS,
    )
    @_write("Remove a draft's indicator", None, None, code=204, methods=["DELETE"])
    @extend_schema(parameters=INDICATOR_PARAMS)
    @action(detail=True, methods=["patch", "delete"], url_path=INDICATOR_PATH)
    def indicator(self, request, *args, **kwargs):
        indicator = self._indicator(self._domain(self.get_object()))
        if request.method == "DELETE":
            services.indicator_delete(actor=request.user, indicator=indicator)
            return Response(status=status.HTTP_204_NO_CONTENT)
        current = {
            "code": indicator.code,
            "name": indicator.name,
            "description": indicator.description,
            "scale": indicator.scale,
            "descriptors": indicator.descriptors,
        }
        fields = {**current, **valid_input(IndicatorInputSerializer, self, partial=True)}
        indicator = services.indicator_update(actor=request.user, indicator=indicator, **fields)
        return Response(IndicatorSerializer(indicator).data)


def register(router) -> None:
    """Register this module's viewsets on the outcomes API router."""
    router.register("frameworks", FrameworkViewSet, basename="framework")


urlpatterns: list = []
