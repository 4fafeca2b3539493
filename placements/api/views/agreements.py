"""Agreements and variations in the placements API, for both sides: read them; the provider
signs and accepts, the borough's commissioners counter-sign, propose and sign. The same services
as the pages, so the same rules: another tenant's agreement is 404, the wrong side 403, the
wrong state (signing twice) 409."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from kernel.api.lookups import ByPublicId, valid_input
from kernel.api.schema import NOT_FOUND, WRONG_STATE, error_response, write_schema

from ... import access, services
from ...models import AgreementVariation, PlacementAgreement
from .. import querysets as q
from .. import serializers as s

FORBIDDEN = error_response(
    "The placement's provider signs and accepts; the borough's commissioners counter-sign, "
    "propose and sign variations."
)


def _write(summary: str, body, answer, code: int = 200):
    return write_schema(summary, body, answer, code=code, forbidden=FORBIDDEN)


@extend_schema_view(
    list=extend_schema(responses={200: s.AgreementSerializer}),
    retrieve=extend_schema(responses={200: s.AgreementSerializer, 404: NOT_FOUND}),
)
class AgreementViewSet(
    ByPublicId, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Individual placement agreements: drafted at award -> provider_signed -> signed. The
    placement's borough and its provider see them; `signed_sha256` is the SHA-256 of the signed
    PDF as downloaded."""

    action_rules = {
        "sign": "placements.sign_agreement",
        "countersign": "placements.countersign_agreement",
        "variations": "placements.propose_variation",
    }
    queryset = PlacementAgreement.objects.none()
    serializer_class = s.AgreementSerializer
    selector = q.agreement_rows

    @staticmethod
    def fetch(actor, public_id, *, what):
        return access.access_agreement(actor, public_id, what=f"{what} agreement")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "provider": self._provider()}

    def _provider(self) -> bool:
        return access.is_provider_user(self.request.user)

    @extend_schema(
        summary="The PDF of the agreement's stage: the draft, or once signed the signed one",
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            404: NOT_FOUND,
            409: WRONG_STATE,
        },
    )
    @action(detail=True, methods=["get"])
    def pdf(self, request, *args, **kwargs):
        """Every download is logged with who, when and the file's SHA-256; 409 while the PDF
        is still being prepared."""
        agreement = self.get_object()
        data, filename = services.agreement_download(actor=request.user, agreement=agreement)
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    @_write(
        "Sign for the provider (typed full name and role)",
        s.SignInputSerializer,
        s.AgreementSerializer,
    )
    @action(detail=True, methods=["post"])
    def sign(self, request, *args, **kwargs):
        agreement = self.get_object()
        fields = valid_input(s.SignInputSerializer, self)
        services.agreement_sign(actor=request.user, agreement=agreement, **fields)
        return self.show(agreement)

    @_write("Counter-sign for the council", s.SignInputSerializer, s.AgreementSerializer)
    @action(detail=True, methods=["post"])
    def countersign(self, request, *args, **kwargs):
        agreement = self.get_object()
        fields = valid_input(s.SignInputSerializer, self)
        services.agreement_countersign(actor=request.user, agreement=agreement, **fields)
        return self.show(agreement)

    @extend_schema(methods=["GET"], responses={200: s.VariationSerializer(many=True)})
    @_write(
        "Propose a fee change (the six parts, a date and why)",
        s.FeeVariationInputSerializer,
        s.VariationSerializer,
        201,
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def variations(self, request, *args, **kwargs):
        agreement = self.get_object()
        if request.method == "GET":
            rows = q.variation_rows(actor=request.user).filter(agreement=agreement)
            return Response(s.VariationSerializer(rows, many=True).data)
        fields = valid_input(s.FeeVariationInputSerializer, self)
        variation = services.variation_propose_fee(
            actor=request.user, agreement=agreement, **fields
        )
        shown = q.variation_rows(actor=request.user).get(pk=variation.pk)
        return Response(s.VariationSerializer(shown).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    retrieve=extend_schema(responses={200: s.VariationSerializer, 404: NOT_FOUND}),
)
class VariationViewSet(ByPublicId, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Variations: a fee change is proposed -> provider_accepted -> signed (the fee in force
    changes only then); a move or an end is proposed -> acknowledged by the provider."""

    action_rules = {
        "accept": "placements.accept_variation",
        "sign": "placements.sign_variation",
    }
    queryset = AgreementVariation.objects.none()
    serializer_class = s.VariationSerializer
    selector = q.variation_rows

    @staticmethod
    def fetch(actor, public_id, *, what):
        return access.access_variation(actor, public_id, what=f"{what} variation")

    @_write(
        "Accept a fee change, or acknowledge a move or an end (the provider)",
        s.SignInputSerializer,
        s.VariationSerializer,
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, *args, **kwargs):
        variation = self.get_object()
        fields = valid_input(s.SignInputSerializer, self)
        services.variation_accept(actor=request.user, variation=variation, **fields)
        return self.show(variation)

    @_write(
        "Sign an accepted fee change (the council): the new fee is in force from its date",
        s.SignInputSerializer,
        s.VariationSerializer,
    )
    @action(detail=True, methods=["post"])
    def sign(self, request, *args, **kwargs):
        variation = self.get_object()
        fields = valid_input(s.SignInputSerializer, self)
        services.variation_sign(actor=request.user, variation=variation, **fields)
        return self.show(variation)
