"""Subject access exports in the API (/api/v1/data-protection/subject-access/): ask for one for a
child (201, queued), poll it, then download its JSON or PDF (each download logged against the
child). Only the child's borough's commissioners: another borough's child or export is a 404, as
for a provider; the borough's other staff get 403.
"""

from __future__ import annotations

import uuid

from django.http import FileResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, renderers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from kernel.api.fields import TextField
from kernel.api.renderers import AnyFileRenderer
from kernel.api.schema import error_response
from placements.access import is_commissioner

from . import services
from .access import access_child_for_export, access_export
from .models import SubjectAccessExport
from .views import CONTENT_TYPES

NOT_FOUND = error_response("Not found, or not your borough's.")
FORBIDDEN = error_response("Only the borough's commissioners may.")
NOT_READY = error_response("Not ready (queued, preparing or failed), or its files were deleted.")
ANONYMISED = error_response("The record has been anonymised.")
UNSUPPORTED = error_response("The body is not JSON or form data.")


class SubjectAccessExportSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    child = serializers.UUIDField(source="child.public_id", read_only=True)
    requested_by = TextField(source="requested_by.__str__", read_only=True)
    counts = serializers.DictField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text="Rows in each part of the export, once it is ready.",
    )
    json_url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = SubjectAccessExport
        fields = [
            "id",
            "child",
            "status",
            "progress",
            "progress_message",
            "error",
            "requested_by",
            "requested_at",
            "started_at",
            "finished_at",
            "files_deleted_at",
            "counts",
            "json_size",
            "pdf_size",
            "json_url",
            "pdf_url",
        ]
        read_only_fields = fields

    def _url(self, export: SubjectAccessExport, fmt: str) -> str | None:
        if not export.is_downloadable:
            return None
        url = reverse(f"dataprotection_api:subject-access-{fmt}", kwargs={"id": export.public_id})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    def get_json_url(self, export: SubjectAccessExport) -> str | None:
        """Where to GET the JSON file once the export is ready."""
        return self._url(export, "json")

    def get_pdf_url(self, export: SubjectAccessExport) -> str | None:
        """Where to GET the PDF once the export is ready."""
        return self._url(export, "pdf")


class SubjectAccessRequestSerializer(serializers.Serializer):
    child = serializers.UUIDField(
        help_text="The child's id (`id` in /api/v1/placements/children/)."
    )


def _download_schema(fmt: str):
    return extend_schema(
        summary=f"Download the export's {fmt.upper()} (logged in the child's access log)",
        responses={
            (200, CONTENT_TYPES[fmt]): OpenApiTypes.BINARY,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: NOT_READY,
        },
    )


@extend_schema_view(
    list=extend_schema(
        summary="Your borough's subject access exports, newest first",
        responses={200: SubjectAccessExportSerializer(many=True), 403: FORBIDDEN},
    ),
    retrieve=extend_schema(
        summary="A subject access export: status, progress and download links",
        responses={200: SubjectAccessExportSerializer, 403: FORBIDDEN, 404: NOT_FOUND},
    ),
)
class SubjectAccessExportViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Everything held about one child: queued → preparing → ready (or failed). Poll an export
    until it is ready, then GET its `pdf_url` and `json_url`."""

    queryset = SubjectAccessExport.objects.none()
    serializer_class = SubjectAccessExportSerializer
    lookup_field = "public_id"
    lookup_url_kwarg = "id"
    filterset_fields = ["status"]
    # Asked before the body is read (boroughs.api.permissions.ActionAllowed); the service asks
    # again with the child: its own borough's commissioners only.
    action_rules = {"create": "dataprotection.add_export"}

    def get_queryset(self):
        user = self.request.user
        if getattr(self, "swagger_fake_view", False) or not is_commissioner(user):
            return SubjectAccessExport.objects.none()
        return SubjectAccessExport.objects.for_user(user).select_related("child", "requested_by")

    def get_object(self):
        try:
            public_id = uuid.UUID(str(self.kwargs["id"]))
        except ValueError as error:
            raise NotFound from error
        return access_export(self.request.user, public_id)

    @extend_schema(
        summary="Ask for everything held about a child (logged in the child's access log)",
        request=SubjectAccessRequestSerializer,
        responses={
            201: SubjectAccessExportSerializer,
            400: error_response("Invalid input."),
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: ANONYMISED,
            415: UNSUPPORTED,
        },
        examples=[
            OpenApiExample(
                "A child's record",
                request_only=True,
                value={"child": "0b8f3a52-4d0e-4f0e-9b7e-2f2a7c1d9e10"},
            )
        ],
    )
    def create(self, request, *args, **kwargs):
        incoming = SubjectAccessRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        child = access_child_for_export(request.user, incoming.validated_data["child"])
        export = services.subject_access_request(actor=request.user, child=child)
        answer = self.get_serializer(access_export(request.user, export.public_id))
        return Response(answer.data, status=status.HTTP_201_CREATED)

    def _download(self, request, fmt: str):
        export = self.get_object()
        opened = services.subject_access_download(actor=request.user, export=export, fmt=fmt)
        return FileResponse(
            opened,
            as_attachment=True,
            filename=export.filename(fmt),
            content_type=CONTENT_TYPES[fmt],
        )

    @_download_schema("json")
    @action(
        detail=True,
        methods=["get"],
        url_path="json",
        url_name="json",
        renderer_classes=[renderers.JSONRenderer, AnyFileRenderer],
    )
    def download_json(self, request, *args, **kwargs):
        return self._download(request, "json")

    @_download_schema("pdf")
    @action(
        detail=True,
        methods=["get"],
        url_path="pdf",
        url_name="pdf",
        renderer_classes=[renderers.JSONRenderer, AnyFileRenderer],
    )
    def download_pdf(self, request, *args, **kwargs):
        return self._download(request, "pdf")
