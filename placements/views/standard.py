"""The Placements Data Standard export page and its downloads: JSON validated against the
schema derived from the standard's field list, and CSV under the standard's field names."""

from __future__ import annotations

import json

from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from boroughs.spreadsheets import csv_writer

from ..standard.export import BOROUGH, SCOPES, csv_rows, export_for, scopes_for
from ..standard.schema import metadata, schema_text
from .base import StaffPageMixin

FORMATS = ("json", "csv")


class StandardExportPage(StaffPageMixin, TemplateView):
    """What the export holds, for each scope the user may take, with the download links."""

    template_name = "placements/standard_export.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        scopes = []
        for scope in scopes_for(user):
            built = export_for(user, scope)
            download = reverse("placements:standard_download")
            links = {fmt: f"{download}?scope={scope}&file={fmt}" for fmt in FORMATS}
            scopes.append(
                {
                    "label": SCOPES[scope],
                    "records": len(built.records),
                    "placed": sum(1 for r in built.records if "ActualPlacement" in r),
                    "incomplete": built.incomplete,
                    "links": links,
                }
            )
        return super().get_context_data(
            scopes=scopes,
            standard=metadata(),
            schema_url=reverse("placements:standard_schema"),
            **kwargs,
        )


class StandardDownloadView(StaffPageMixin, View):
    """One scope's export (?scope=borough|consortium) as ?file=json|csv; a scope the user may not
    take is refused (403)."""

    def get(self, request):
        scope = request.GET.get("scope", BOROUGH)
        fmt = request.GET.get("file", "json")
        if scope not in SCOPES or fmt not in FORMATS:
            raise Http404
        built = export_for(request.user, scope)
        today = timezone.localdate().isoformat()
        name = f"placements-standard-{metadata()['version']}-{scope}-{today}.{fmt}"
        if fmt == "json":
            response = HttpResponse(
                json.dumps(built.document, indent=2, ensure_ascii=False),
                content_type="application/json; charset=utf-8",
            )
        else:
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            writer = csv_writer(response)
            for row in csv_rows(built.records):
                writer.writerow(row)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class StandardSchemaView(StaffPageMixin, View):
    """The derived JSON Schema itself, for the systems that read the export."""

    def get(self, request):
        return HttpResponse(schema_text(), content_type="application/schema+json")


urlpatterns = [
    path("placements-standard/", StandardExportPage.as_view(), name="standard_export"),
    path("placements-standard/schema.json", StandardSchemaView.as_view(), name="standard_schema"),
    path(
        "placements-standard/download/",
        StandardDownloadView.as_view(),
        name="standard_download",
    ),
]
