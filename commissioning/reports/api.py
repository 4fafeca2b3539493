"""Report runs in the API (/api/v1/reports/runs/): list and read the runs you may see, ask for a
report (201, queued), and download the finished file (logged). A borough analyst asks for their
own borough only and gets 404 for another borough's run; commissioners and providers get 403.
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
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from boroughs.models import Borough, Strand
from boroughs.selectors import consortium_boroughs, consortium_strands
from kernel.api.base import ScopedViewSetMixin
from kernel.api.fields import TextField
from kernel.api.renderers import AnyFileRenderer
from kernel.api.schema import NOT_FOUND, error_response

from . import selectors, services
from .access import access_run, may_read_reports
from .choices import ReportKind, ReportScope
from .models import ReportRun

FORBIDDEN = error_response("Only analysts may; a borough analyst, only for their borough.")
NOT_READY = error_response("The report is not ready: queued, running or failed.")
INVALID = error_response("Invalid input: every field with a problem.")
MSG_READERS_ONLY = "Only analysts and consortium admins can see reports"


class ReportRunSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    strand = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    borough = serializers.SlugRelatedField(slug_field="ons_code", read_only=True, allow_null=True)
    covers = TextField(source="scope_label", read_only=True)
    requested_by = serializers.EmailField(
        source="requested_by.email",
        read_only=True,
        allow_null=True,
        help_text="Empty for the runs the monthly schedule makes.",
    )
    duration_seconds = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportRun
        fields = [
            "id",
            "kind",
            "scope",
            "strand",
            "borough",
            "covers",
            "period_start",
            "period_end",
            "status",
            "progress",
            "progress_message",
            "error",
            "requested_by",
            "scheduled",
            "requested_at",
            "started_at",
            "finished_at",
            "duration_seconds",
            "attempts",
            "filename",
            "content_type",
            "size",
            "download_url",
        ]
        read_only_fields = fields

    def get_duration_seconds(self, run: ReportRun) -> float | None:
        return run.duration.total_seconds() if run.duration is not None else None

    def get_download_url(self, run: ReportRun) -> str | None:
        """Where to GET the file once the run is done."""
        if not run.file:
            return None
        url = reverse("reports_api:run-download", kwargs={"id": run.public_id})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class ReportRunRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    scope = serializers.ChoiceField(choices=ReportScope.choices)
    strand = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Strand.objects.none(),
        required=False,
        allow_null=True,
        help_text="The strand's slug (send, care) when the scope is a strand.",
    )
    borough = serializers.SlugRelatedField(
        slug_field="ons_code",
        queryset=Borough.objects.none(),
        required=False,
        allow_null=True,
        help_text="The borough's ONS code, like E09000008, when the scope is a borough.",
    )
    period_start = serializers.DateField()
    period_end = serializers.DateField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Every member is named here; the service refuses what the analyst may not ask for.
            self.fields["strand"].queryset = consortium_strands(actor=request.user)
            self.fields["borough"].queryset = consortium_boroughs(actor=request.user)


class ReportReaders(BasePermission):
    message = MSG_READERS_ONLY

    def has_permission(self, request, view) -> bool:
        return may_read_reports(request.user)


EXAMPLE_REQUEST = OpenApiExample(
    "Croydon's savings summary for October",
    request_only=True,
    value={
        "kind": "savings_summary",
        "scope": "borough",
        "borough": "E09000008",
        "period_start": "2026-10-01",
        "period_end": "2026-10-31",
    },
)


@extend_schema_view(
    list=extend_schema(summary="Report runs you may see, newest first"),
    retrieve=extend_schema(summary="A report run: status, progress, error and download link"),
)
class ReportRunViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Report runs: queued → running → done (or failed). Poll a run until it is done, then GET
    its `download_url`."""

    action_rules = {
        "create": "reports.add_run",
    }

    queryset = ReportRun.objects.none()
    serializer_class = ReportRunSerializer
    selector = selectors.report_run_list
    lookup_field = "public_id"
    lookup_url_kwarg = "id"
    filterset_fields = ["kind", "scope", "status", "scheduled"]
    permission_classes = [*APIView.permission_classes, ReportReaders]

    def get_object(self):
        try:
            public_id = uuid.UUID(str(self.kwargs["id"]))
        except ValueError as error:
            raise NotFound from error
        run = access_run(self.request.user, public_id)
        self.check_object_permissions(self.request, run)
        return run

    @extend_schema(
        summary="Ask for a report",
        request=ReportRunRequestSerializer,
        responses={201: ReportRunSerializer, 400: INVALID, 403: FORBIDDEN},
        examples=[EXAMPLE_REQUEST],
    )
    def create(self, request, *args, **kwargs):
        incoming = ReportRunRequestSerializer(data=request.data, context={"request": request})
        incoming.is_valid(raise_exception=True)
        run = services.report_run_request(actor=request.user, **incoming.validated_data)
        answer = self.get_serializer(access_run(request.user, run.public_id))
        return Response(answer.data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Download the finished report (each download is logged)",
        responses={
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
            404: NOT_FOUND,
            409: NOT_READY,
        },
    )
    @action(
        detail=True, methods=["get"], renderer_classes=[renderers.JSONRenderer, AnyFileRenderer]
    )
    def download(self, request, *args, **kwargs):
        run = self.get_object()
        opened = services.report_run_download(actor=request.user, run=run)
        return FileResponse(
            opened,
            as_attachment=True,
            filename=run.filename,
            content_type=run.content_type or "application/octet-stream",
        )
