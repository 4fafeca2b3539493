"""Subject access pages: a child's exports and the button to prepare one, an export's page whose
status panel follows the build (htmx polls it every two seconds until it is ready or failed),
and the downloads, each logged against the child.

Everything is fetched through `access`: another borough's child or export, and anything asked
by a provider, is a 404; the borough's own staff who are not commissioners get 403.
"""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.views import View
from django.views.generic import TemplateView

from kernel.errors import DomainError
from kernel.pages import PageMixin
from kernel.refusals import RefusalMixin
from placements.access import log_child_view

from . import services
from .access import access_child_for_export, access_export, may_export
from .choices import ExportFormat
from .models import SubjectAccessExport

LOG_PAGE = "subject access exports"
CONTENT_TYPES = {"json": "application/json", "pdf": "application/pdf"}


def subject_access_panel(request, child) -> dict | None:
    """The link on the child's record, for the borough's commissioners while it can identify."""
    if child.is_anonymised or not may_export(request.user, child):
        return None
    return {"template": "dataprotection/_child_panel.html", "child": child}


class ExportPageMixin(PageMixin):
    """Fetch the page's object through `access` once the user is signed in (404, 403)."""

    def load(self, **kwargs) -> None:
        raise NotImplementedError


class ChildExportsView(ExportPageMixin, RefusalMixin, TemplateView):
    """What the export holds, the button to prepare one, and the child's earlier exports."""

    template_name = "dataprotection/child_exports.html"

    def load(self, *, public_id) -> None:
        self.child = access_child_for_export(self.request.user, public_id)

    def get(self, request, *args, **kwargs):
        log_child_view(request.user, self.child.pk, LOG_PAGE)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            export = services.subject_access_request(actor=request.user, child=self.child)
        except DomainError as error:
            return self.refused(error) or redirect(
                "dataprotection:child_exports", public_id=self.child.public_id
            )
        return redirect("dataprotection:export_detail", public_id=export.public_id)

    def get_context_data(self, **kwargs):
        exports = (
            SubjectAccessExport.objects.for_user(self.request.user)
            .filter(child=self.child)
            .select_related("requested_by")
        )
        return super().get_context_data(
            child=self.child,
            exports=list(exports[:20]),
            keep_days=settings.SUBJECT_ACCESS_EXPORT_KEEP_DAYS,
            **kwargs,
        )


class ExportPage(ExportPageMixin):
    def load(self, *, public_id) -> None:
        self.export = access_export(self.request.user, public_id)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            export=self.export,
            child=self.export.child,
            keep_days=settings.SUBJECT_ACCESS_EXPORT_KEEP_DAYS,
            **kwargs,
        )


class ExportDetailView(ExportPage, TemplateView):
    template_name = "dataprotection/export_detail.html"


class ExportStatusView(ExportPage, TemplateView):
    """The status panel alone, for htmx to swap in while the export is being prepared."""

    template_name = "dataprotection/_export_status.html"

    def get(self, request, *args, **kwargs):
        export = self.export
        if request.GET.get("seen") == f"{export.status}-{export.progress}":
            return HttpResponse(status=204)  # nothing new: htmx keeps the panel and polls on
        return super().get(request, *args, **kwargs)


class ExportDownloadView(ExportPageMixin, View):
    """One of the export's files, as an attachment; the download is logged (services)."""

    def load(self, *, public_id, fmt) -> None:
        if fmt not in ExportFormat.values:
            raise Http404
        self.export, self.fmt = access_export(self.request.user, public_id), fmt

    def get(self, request, *args, **kwargs):
        try:
            opened = services.subject_access_download(
                actor=request.user, export=self.export, fmt=self.fmt
            )
        except DomainError as error:
            raise Http404(error.message) from error
        return FileResponse(
            opened,
            as_attachment=True,
            filename=self.export.filename(self.fmt),
            content_type=CONTENT_TYPES[self.fmt],
        )


urlpatterns = [
    path(
        "children/<uuid:public_id>/subject-access/",
        ChildExportsView.as_view(),
        name="child_exports",
    ),
    path("subject-access/<uuid:public_id>/", ExportDetailView.as_view(), name="export_detail"),
    path(
        "subject-access/<uuid:public_id>/status/",
        ExportStatusView.as_view(),
        name="export_status",
    ),
    path(
        "subject-access/<uuid:public_id>/<str:fmt>/",
        ExportDownloadView.as_view(),
        name="export_download",
    ),
]
