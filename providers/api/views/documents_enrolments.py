"""Evidence documents and enrolments in the API: a document's file, and the reviewer's enrolment
actions (suspend, reinstate, remove).
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from boroughs import uploads
from kernel.api.base import ScopedViewSetMixin
from kernel.api.lookups import PublicIdLookup
from kernel.api.schema import INVALID, NOT_FOUND, WRONG_STATE

from ... import services
from ...models import Enrolment, EvidenceDocument
from ...views.documents import document_file_response
from .. import querysets, serializers
from .base import FORBIDDEN

DOWNLOAD_TYPES = uploads.DOWNLOAD_TYPES


@extend_schema_view(
    retrieve=extend_schema(responses={200: serializers.DocumentSerializer, 404: NOT_FOUND})
)
class DocumentViewSet(PublicIdLookup, ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Evidence documents: the provider's own users and the consortium's commissioners only.

    Files are private; `download` streams one and logs who took it.
    """

    queryset = EvidenceDocument.objects.none()
    serializer_class = serializers.DocumentSerializer
    selector = querysets.document_rows
    filterset_fields = {"evidence_type": ["exact"]}

    @extend_schema(
        summary="Download the file (logged)",
        responses={
            **{(200, mime): OpenApiTypes.BINARY for mime in DOWNLOAD_TYPES},
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def download(self, request, *args, **kwargs):
        return document_file_response(actor=request.user, document=self.get_object())


def _enrolment_schema(summary: str):
    return extend_schema(
        summary=summary,
        request=serializers.RequiredReasonSerializer,
        responses={
            200: serializers.EnrolmentSerializer,
            400: INVALID,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: WRONG_STATE,
        },
    )


@extend_schema_view(
    retrieve=extend_schema(responses={200: serializers.EnrolmentSerializer, 404: NOT_FOUND})
)
class EnrolmentViewSet(
    PublicIdLookup,
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Settings enrolled on lots: enrolled → suspended → enrolled | removed. Reviewers move them,
    always with a reason; a provider sees its own settings' enrolments."""

    action_rules = {
        "suspend": "providers.decide_enrolment",
        "reinstate": "providers.decide_enrolment",
        "remove": "providers.decide_enrolment",
    }

    queryset = Enrolment.objects.none()
    serializer_class = serializers.EnrolmentSerializer
    selector = querysets.enrolment_rows
    filterset_class = querysets.EnrolmentFilter

    def _move(self, service) -> Response:
        enrolment = self.get_object()
        incoming = serializers.RequiredReasonSerializer(data=self.request.data)
        incoming.is_valid(raise_exception=True)
        service(actor=self.request.user, enrolment=enrolment, **incoming.validated_data)
        return Response(self.get_serializer(self.fresh(enrolment)).data)

    @_enrolment_schema("Suspend, with a reason")
    @action(detail=True, methods=["post"])
    def suspend(self, request, *args, **kwargs):
        return self._move(services.enrolment_suspend)

    @_enrolment_schema("Reinstate a suspended enrolment, with a reason")
    @action(detail=True, methods=["post"])
    def reinstate(self, request, *args, **kwargs):
        return self._move(services.enrolment_reinstate)

    @_enrolment_schema("Remove from the lot, with a reason (for example, an excluded supplier)")
    @action(detail=True, methods=["post"])
    def remove(self, request, *args, **kwargs):
        return self._move(services.enrolment_remove)
