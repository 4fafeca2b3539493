"""What the reports API shows of a report run and what it takes to ask for one. The views
(commissioning.reports.api.views.runs) import them from here."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from boroughs.models import Borough, Strand
from boroughs.selectors import consortium_boroughs, consortium_strands
from kernel.api.fields import TextField

from ...choices import ReportKind, ReportScope
from ...models import ReportRun


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
